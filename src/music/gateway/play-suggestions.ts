import { withoutControlCharacters } from '../../interactions/index.ts';
import type { Track } from '../../lavalink/index.ts';
import type { MusicService } from '../music-service.ts';
import type { RecentTrack } from '../play-history.ts';

/** One autocomplete choice as Discord takes it: both at most 100 characters. */
export interface Suggestion {
  name: string;
  value: string;
}

export interface PlaySuggestionsOptions {
  history: {
    recentTracks(guildId: string, options: { containing: string; limit: number }): Promise<RecentTrack[]>;
  };
  music: Pick<MusicService, 'resolve'>;
  /** How long a search's results are reused for the same guild and text. */
  ttlMs?: number;
  /** How long one answer may wait, well inside Discord's 3 s for an autocomplete. */
  deadlineMs?: number;
  /** Typing pause before a search starts: a keystroke within it replaces the search. */
  debounceMs?: number;
  /** Cached searches kept at most (the oldest go first). */
  maxEntries?: number;
  now?: () => number;
}

/** Discord shows at most 25 choices; names and values hold 100 characters. */
const MAX_CHOICES = 25;
const CHOICE_MAX = 100;
/** Fewer characters than this are not searched: too many results, too little meaning. */
const MIN_SEARCH_LENGTH = 2;
/** Links and paths are loaded by /play itself: suggesting would fetch them on every keystroke. */
const LINK_OR_PATH = /^(https?:\/\/|file:\/\/|\/)/i;

interface CachedSearch {
  at: number;
  tracks: Promise<Track[]>;
}

/**
 * /play's suggestions while the user types: the guild's recent plays that match, then search
 * results from the audio node (its default search, as /play with words). Cheap: a search is
 * cached per guild and text for a short time (shared by everyone typing the same), starts only
 * after a pause in typing, and an answer never waits past the deadline — what is not ready is
 * left out, and a later keystroke finds it in the cache.
 */
export class PlaySuggestions {
  private readonly searches = new Map<string, CachedSearch>();
  /** The latest text each member typed, by guild and user: an older keystroke's search is dropped. */
  private readonly latest = new Map<string, string>();
  private readonly ttlMs: number;
  private readonly deadlineMs: number;
  private readonly debounceMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly options: PlaySuggestionsOptions) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.deadlineMs = options.deadlineMs ?? 2_000;
    this.debounceMs = options.debounceMs ?? 300;
    this.maxEntries = options.maxEntries ?? 500;
    this.now = options.now ?? Date.now;
  }

  async suggest(guildId: string, userId: string, typed: string): Promise<Suggestion[]> {
    const text = withoutControlCharacters(typed).trim().slice(0, 100);
    const deadline = sleep(this.deadlineMs).then(() => null);
    const recent = this.options.history
      .recentTracks(guildId, { containing: text, limit: MAX_CHOICES })
      .catch(() => []);
    const found = this.search(guildId, userId, text).catch(() => []);
    const [played, searched] = await Promise.all([
      Promise.race([recent, deadline]),
      Promise.race([found, deadline]),
    ]);
    const choices = [...(played ?? []).map(fromRecent), ...(searched ?? []).map(fromTrack)];
    const seen = new Set<string>();
    return choices
      .filter((choice) => choice.name.length > 0 && !seen.has(choice.value) && seen.add(choice.value))
      .slice(0, MAX_CHOICES);
  }

  /** The node's results for `text`: cached, shared while in flight, after a typing pause. */
  private async search(guildId: string, userId: string, text: string): Promise<Track[]> {
    if (text.length < MIN_SEARCH_LENGTH || LINK_OR_PATH.test(text)) return [];
    const key = `${guildId}\n${text.toLowerCase()}`;
    const cached = this.cached(key);
    if (cached) return cached;
    const typist = `${guildId}\n${userId}`;
    this.latest.set(typist, key);
    await sleep(this.debounceMs);
    if (this.latest.get(typist) !== key) return [];
    this.latest.delete(typist);
    const again = this.cached(key);
    if (again) return again;
    const tracks = this.options.music.resolve(text, null).then(
      (resolved) => (resolved.isSearch ? resolved.tracks : []),
      (error: unknown) => {
        // A failed search is not kept: the next keystroke tries again.
        this.searches.delete(key);
        throw error;
      },
    );
    this.searches.set(key, { at: this.now(), tracks });
    this.evict();
    return tracks;
  }

  private cached(key: string): Promise<Track[]> | null {
    const entry = this.searches.get(key);
    if (!entry) return null;
    if (this.now() - entry.at < this.ttlMs) return entry.tracks;
    this.searches.delete(key);
    return null;
  }

  private evict(): void {
    for (const key of this.searches.keys()) {
      if (this.searches.size <= this.maxEntries) return;
      this.searches.delete(key);
    }
  }
}

function fromRecent(track: RecentTrack): Suggestion {
  return choice(track.title, track.author, track.uri);
}

function fromTrack(track: Track): Suggestion {
  return choice(track.info.title, track.info.author, track.info.uri);
}

/**
 * `Title — Author` as plain text (choices are not markdown), and as value the link when it fits
 * in 100 characters, else the title to search again.
 */
function choice(title: string, author: string, uri: string | null): Suggestion {
  const cleanTitle = withoutControlCharacters(title).trim();
  const cleanAuthor = withoutControlCharacters(author).trim();
  const name = (cleanAuthor ? `${cleanTitle} — ${cleanAuthor}` : cleanTitle).slice(0, CHOICE_MAX);
  const value = uri && uri.length <= CHOICE_MAX ? uri : cleanTitle.slice(0, CHOICE_MAX);
  return { name, value };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
