import type { Database } from '../../src/db/index.ts';
import { musicTables } from '../../src/music/index.ts';

export interface PlayRowOptions {
  guildId: string;
  startedAt: Date;
  requesterId?: string | null;
  /** Null for a track without a link. */
  uri?: string | null;
  times?: number;
}

/**
 * Writes finished plays of track `name` (identifier `id-<name>`, link
 * `https://music.example/<name>`) straight into `play_events`, the way the bot leaves them
 * when a play ends, without the analytics rollups.
 */
export async function insertPlays(database: Database, name: string, options: PlayRowOptions): Promise<void> {
  const row = {
    guildId: options.guildId,
    trackTitle: `Title of ${name}`,
    trackAuthor: 'artist-01',
    trackUri: options.uri === undefined ? `https://music.example/${name}` : options.uri,
    trackIdentifier: `id-${name}`,
    sourceName: 'http',
    trackLengthMs: 200_000,
    requesterId: options.requesterId === undefined ? '400000000000000001' : options.requesterId,
    listenerIds: ['400000000000000001'],
    listenerCount: 1,
    startedAt: options.startedAt,
    endedAt: new Date(options.startedAt.getTime() + 200_000),
    msPlayed: 200_000,
    endReason: 'finished',
  };
  await database.db
    .insert(musicTables.playEvents)
    .values(Array.from({ length: options.times ?? 1 }, () => row));
}
