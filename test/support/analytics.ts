import type { PlayEventInput } from '../../src/analytics/index.ts';

export const GUILD_ID = '300000000000000001';
export const ALICE = '400000000000000001';
export const BOB = '400000000000000002';

export interface PlayOptions {
  guildId?: string;
  /** Also the identifier (`id-<track>`) and part of the title. */
  track?: string;
  title?: string;
  author?: string;
  sourceName?: string;
  requesterId?: string | null;
  startedAt: Date;
  msPlayed?: number;
  listenerIds?: string[];
}

/** A finished play the way the music bot reports it (a queued track with Lavalink's info). */
export function aPlay(options: PlayOptions): PlayEventInput {
  const track = options.track ?? 'track-01';
  const msPlayed = options.msPlayed ?? 180_000;
  // Built apart and then returned, so the bot's extra fields (encoded, addedAt…) are allowed the
  // way they are when the bot hands over its own object.
  const play = {
    guildId: options.guildId ?? GUILD_ID,
    track: {
      encoded: 'QAAAAQ==',
      info: {
        identifier: `id-${track}`,
        isSeekable: true,
        author: options.author ?? 'artist-01',
        length: 200_000,
        isStream: false,
        position: 0,
        title: options.title ?? `Title of ${track}`,
        uri: `https://music.example/${track}`,
        artworkUrl: null,
        isrc: null,
        sourceName: options.sourceName ?? 'http',
      },
      requesterId: options.requesterId === undefined ? ALICE : options.requesterId,
      addedAt: options.startedAt.toISOString(),
    },
    listenerIds: options.listenerIds ?? [ALICE, BOB],
    startedAt: options.startedAt,
    endedAt: new Date(options.startedAt.getTime() + msPlayed),
    msPlayed,
    endReason: 'finished',
  };
  return play;
}

/** `at` shifted by hours (negative for earlier). */
export function hoursAfter(at: Date, hours: number): Date {
  return new Date(at.getTime() + hours * 3_600_000);
}

/** A small deterministic random source (MINSTD): `next(n)` is a whole number in [0, n). */
export function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 48_271) % 2_147_483_647;
    return Math.floor((state / 2_147_483_647) * n);
  };
}
