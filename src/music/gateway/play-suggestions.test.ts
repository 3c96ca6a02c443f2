import { describe, expect, it } from 'vitest';
import { aQueuedTrack } from '../../../test/support/music-snapshots.ts';
import type { Track } from '../../lavalink/index.ts';
import type { Resolved } from '../music-service.ts';
import type { RecentTrack } from '../play-history.ts';
import { PlaySuggestions, type PlaySuggestionsOptions } from './play-suggestions.ts';

const GUILD = '100000000000000010';
const ALICE = '100000000000000011';
const BOB = '100000000000000012';

const aTrack = (title: string, uri: string | null = `file:///music/${title}.ogg`): Track => {
  const { encoded, info } = aQueuedTrack(title, { uri });
  return { encoded, info, pluginInfo: {}, userData: {} };
};

/** A node that answers each search when the test says so, and counts what it was asked. */
class ControlledSearch {
  readonly asked: string[] = [];
  private readonly pending = new Map<string, (tracks: Track[]) => void>();

  resolve = (query: string): Promise<Resolved> => {
    this.asked.push(query);
    return new Promise((done) =>
      this.pending.set(query, (tracks) => done({ tracks, playlistName: null, isSearch: true })),
    );
  };

  /** Answers the search for `query` once the node has been asked it. */
  async answer(query: string, tracks: Track[]): Promise<void> {
    while (!this.pending.has(query)) await new Promise((resolve) => setTimeout(resolve, 1));
    this.pending.get(query)?.(tracks);
    this.pending.delete(query);
  }
}

function suggestions(
  search: ControlledSearch,
  recent: RecentTrack[] = [],
  options: Partial<PlaySuggestionsOptions> = {},
) {
  return new PlaySuggestions({
    history: {
      recentTracks: async (_guild, { containing }) =>
        recent.filter((r) => r.title.toLowerCase().includes(containing.toLowerCase())),
    },
    music: { resolve: search.resolve },
    debounceMs: 0,
    deadlineMs: 10_000,
    ...options,
  });
}

describe('/play suggestions', () => {
  it('offers recent plays first, then search results, once each, within Discord’s limits', async () => {
    const search = new ControlledSearch();
    const long = `https://music.example/${'x'.repeat(100)}`;
    const recent = [{ title: 'alpha\u0000live *bold*', author: 'Band', uri: 'file:///music/alpha.ogg' }];
    const suggest = suggestions(search, recent);
    const answer = suggest.suggest(GUILD, ALICE, 'alpha');
    await search.answer('alpha', [
      aTrack('alpha', 'file:///music/alpha.ogg'),
      aTrack(`alpha ${'long '.repeat(30)}`, long),
    ]);
    const choices = await answer;
    expect(choices[0]).toEqual({ name: 'alpha live *bold* — Band', value: 'file:///music/alpha.ogg' });
    expect(choices).toHaveLength(2);
    expect(choices[1]?.name.length).toBe(100);
    // A link longer than 100 characters is not a value Discord takes: the title is searched again.
    expect(choices[1]?.value).toBe(`alpha ${'long '.repeat(30)}`.slice(0, 100));
  });

  it('answers by the deadline with what is ready, and finds the late results in the cache', async () => {
    const search = new ControlledSearch();
    const recent = [{ title: 'bravo live', author: 'B', uri: 'file:///b.ogg' }];
    // The node answers only after the deadline has passed.
    const suggest = suggestions(search, recent, { deadlineMs: 20 });
    expect(await suggest.suggest(GUILD, ALICE, 'bravo')).toEqual([
      { name: 'bravo live — B', value: 'file:///b.ogg' },
    ]);
    await search.answer('bravo', [aTrack('bravo')]);
    const again = await suggest.suggest(GUILD, BOB, 'Bravo');
    expect(again.map((choice) => choice.value)).toEqual(['file:///b.ogg', 'file:///music/bravo.ogg']);
    expect(search.asked).toEqual(['bravo']);
  });

  it('searches again once the cached results are old', async () => {
    let now = 0;
    const search = new ControlledSearch();
    const suggest = suggestions(search, [], { now: () => now, ttlMs: 1_000 });
    const first = suggest.suggest(GUILD, ALICE, 'charlie');
    await search.answer('charlie', [aTrack('charlie')]);
    await first;
    now = 999;
    await suggest.suggest(GUILD, ALICE, 'charlie');
    expect(search.asked).toEqual(['charlie']);
    now = 1_000;
    const late = suggest.suggest(GUILD, ALICE, 'charlie');
    await search.answer('charlie', []);
    await late;
    expect(search.asked).toEqual(['charlie', 'charlie']);
  });

  it('searches only what a member typed last, and neither links nor a single character', async () => {
    const search = new ControlledSearch();
    const suggest = suggestions(search, [], { debounceMs: 20 });
    const older = suggest.suggest(GUILD, ALICE, 'del');
    const newer = suggest.suggest(GUILD, ALICE, 'delta');
    expect(await older).toEqual([]);
    await search.answer('delta', [aTrack('delta')]);
    expect((await newer).map((choice) => choice.name)).toEqual(['delta — Test Artist']);
    await suggest.suggest(GUILD, ALICE, 'd');
    await suggest.suggest(GUILD, ALICE, 'https://example.com/a.mp3');
    expect(search.asked).toEqual(['delta']);
  });
});
