import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GUILD_ID } from '../../test/support/analytics.ts';
import { createTestDatabase, databaseKinds, type TestDatabaseTarget } from '../../test/support/databases.ts';
import { insertPlays } from '../../test/support/play-events.ts';
import { type Database, migrate } from '../db/index.ts';
import type { Track } from '../lavalink/index.ts';
import { silentLogger } from '../logging/index.ts';
import { AUTOPLAY_POOL, autoplayOnQueueEnd } from './autoplay.ts';
import { emptyRecord, GuildSession } from './guild-session.ts';
import { MusicError } from './music-error.ts';
import type { Resolved } from './music-service.ts';
import { PlayHistory } from './play-history.ts';
import { currentTrack, upcomingTracks } from './queue-model.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW - days * 86_400_000);

/** The track the audio node would load for a history link (`https://music.example/<name>`). */
function aTrack(name: string, length = 200_000): Track {
  return {
    encoded: `encoded-${name}`,
    info: {
      identifier: `id-${name}`,
      isSeekable: true,
      author: 'artist-01',
      length,
      isStream: false,
      position: 0,
      title: `Title of ${name}`,
      uri: `https://music.example/${name}`,
      artworkUrl: null,
      isrc: null,
      sourceName: 'http',
    },
    pluginInfo: {},
    userData: {},
  };
}

/** A session whose queue just ran out on `name`, with autoplay on or off. */
function sessionEndingOn(name: string, autoplay = true): GuildSession {
  const { encoded, info } = aTrack(name);
  const queued = { encoded, info, requesterId: '400000000000000001', addedAt: new Date(NOW).toISOString() };
  return new GuildSession({ ...emptyRecord(GUILD_ID, 80), tracks: [queued], currentIndex: 0, autoplay });
}

describe.each(databaseKinds())('autoplay from the play history (%s)', (kind) => {
  let target: TestDatabaseTarget;
  let database: Database;
  let history: PlayHistory;
  const loaded: string[] = [];

  /** Loads `https://music.example/<name>` like the audio node; names in `broken` fail. */
  const resolver =
    (broken: string[] = [], lengths: Record<string, number> = {}) =>
    async (uri: string): Promise<Resolved> => {
      loaded.push(uri);
      const name = uri.replace('https://music.example/', '');
      if (broken.includes(name)) throw new MusicError('LOAD_FAILED', { query: uri });
      return { tracks: [aTrack(name, lengths[name])], playlistName: null, isSearch: false };
    };
  const autoplay = (
    options: {
      random?: () => number;
      broken?: string[];
      maxSeconds?: number;
      lengths?: Record<string, number>;
    } = {},
  ) =>
    autoplayOnQueueEnd({
      history,
      resolve: resolver(options.broken, options.lengths),
      settings: async () => ({ maxTrackLengthSeconds: options.maxSeconds ?? 0 }),
      logger: silentLogger(),
      random: options.random ?? (() => 0),
      now: () => NOW,
    });
  /** Records `times` plays of `name`, `days` ago. */
  const played = (name: string, times: number, days = 1, guildId = GUILD_ID) =>
    insertPlays(database, name, { guildId, startedAt: daysAgo(days), times });

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    database = await target.open();
    await migrate(database);
    history = new PlayHistory(database.db);
  });
  afterAll(async () => {
    await database?.close();
    await target?.dispose();
  });
  beforeEach(async () => {
    loaded.length = 0;
    await database.exec('TRUNCATE play_events');
  });

  it('ranks the guild’s tracks by plays in the last 30 days, without the one just played', async () => {
    await played('often', 3);
    await played('sometimes', 2);
    await played('just-ended', 5);
    await played('long-ago', 9, 40);
    await played('elsewhere', 9, 1, '300000000000000002');
    await insertPlays(database, 'no-link', { guildId: GUILD_ID, startedAt: daysAgo(1), uri: null, times: 9 });
    const ranked = await history.mostPlayed(GUILD_ID, {
      since: daysAgo(30),
      limit: AUTOPLAY_POOL,
      except: { sourceName: 'http', identifier: 'id-just-ended' },
    });
    expect(ranked.map((track) => [track.identifier, track.plays])).toEqual([
      ['id-often', 3],
      ['id-sometimes', 2],
    ]);
    expect(ranked[0]?.uri).toBe('https://music.example/often');
  });

  it('appends a track from the history, not the one just played, with no requester', async () => {
    await played('just-ended', 5);
    await played('favourite', 2);
    const session = sessionEndingOn('just-ended');
    expect(await autoplay()(session)).toBe(true);
    const [added] = upcomingTracks(session.record);
    expect(added?.info.identifier).toBe('id-favourite');
    expect(added?.requesterId).toBeNull();
    expect(currentTrack(session.record)?.info.identifier).toBe('id-just-ended');
  });

  it('draws among the 20 most played only', async () => {
    // Played once each, track-01 most recently: equal counts rank the most recent first.
    for (let rank = 1; rank <= 25; rank++)
      await played(`track-${String(rank).padStart(2, '0')}`, 1, rank / 10);
    const lowest = sessionEndingOn('other');
    await autoplay({ random: () => 0.999 })(lowest);
    expect(upcomingTracks(lowest.record)[0]?.info.identifier).toBe('id-track-20');
    const highest = sessionEndingOn('other');
    await autoplay({ random: () => 0 })(highest);
    expect(upcomingTracks(highest.record)[0]?.info.identifier).toBe('id-track-01');
  });

  it('tries another track when a link no longer loads', async () => {
    await played('gone', 3);
    await played('still-here', 1);
    const session = sessionEndingOn('other');
    expect(await autoplay({ broken: ['gone'] })(session)).toBe(true);
    expect(loaded).toEqual(['https://music.example/gone', 'https://music.example/still-here']);
    expect(upcomingTracks(session.record)[0]?.info.identifier).toBe('id-still-here');
  });

  it('leaves out tracks longer than the guild allows', async () => {
    await played('too-long', 3);
    await played('short', 1);
    const session = sessionEndingOn('other');
    await autoplay({ maxSeconds: 300, lengths: { 'too-long': 600_000 } })(session);
    expect(upcomingTracks(session.record).map((track) => track.info.identifier)).toEqual(['id-short']);
  });

  it('does nothing when autoplay is off or the history has nothing else', async () => {
    await played('just-ended', 4);
    const off = sessionEndingOn('just-ended', false);
    await played('favourite', 2);
    expect(await autoplay()(off)).toBe(false);
    expect(upcomingTracks(off.record)).toEqual([]);
    await database.exec('TRUNCATE play_events');
    await played('just-ended', 4);
    const alone = sessionEndingOn('just-ended');
    expect(await autoplay()(alone)).toBe(false);
    expect(loaded).toEqual([]);
  });
});
