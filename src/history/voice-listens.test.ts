import { describe, expect, it } from 'vitest';
import type { FinishedPlay } from '../music/index.ts';
import type { ListenInput } from './listen-input.ts';
import { VoiceListens, voiceListenThresholdMs } from './voice-listens.ts';
import { VoicePresence } from './voice-presence.ts';

const GUILD = '200000000000000001';
const VOICE = '300000000000000001';
const OTHER_VOICE = '300000000000000002';
const BOT = '900000000000000001';
const [ANN, BEN, CAT, DAN] = [
  '100000000000000001',
  '100000000000000002',
  '100000000000000003',
  '100000000000000004',
];

/** A presence log on a clock the test moves. */
function aWorld() {
  let now = Date.parse('2026-03-01T20:00:00Z');
  const presence = new VoicePresence(() => now);
  return {
    presence,
    at: (ms: number) => {
      now = Date.parse('2026-03-01T20:00:00Z') + ms;
    },
    now: () => now,
  };
}

function aPlay(
  startMs: number,
  endMs: number,
  overrides: Partial<FinishedPlay> & { length?: number } = {},
): FinishedPlay {
  const base = Date.parse('2026-03-01T20:00:00Z');
  return {
    guildId: GUILD,
    track: {
      encoded: 'x',
      info: {
        identifier: 'abc',
        isSeekable: true,
        author: 'Massive Attack',
        length: overrides.length ?? 240_000,
        isStream: false,
        position: 0,
        title: 'Teardrop',
        uri: 'https://example.test/teardrop',
        artworkUrl: null,
        isrc: null,
        sourceName: 'http',
      },
      requesterId: ANN,
      addedAt: new Date(base).toISOString(),
    },
    listenerIds: [ANN, BEN],
    startedAt: new Date(base + startMs),
    endedAt: new Date(base + endMs),
    msPlayed: endMs - startMs,
    endReason: 'finished',
    ...overrides,
  };
}

describe('voice plays as listens', () => {
  it('counts 30 s, or half a shorter track', () => {
    expect(voiceListenThresholdMs(240_000, false)).toBe(30_000);
    expect(voiceListenThresholdMs(40_000, false)).toBe(20_000);
    expect(voiceListenThresholdMs(0, true)).toBe(30_000);
  });

  it('credits each listener with the time they were in the bot’s channel during the play', () => {
    const world = aWorld();
    world.at(-10_000);
    world.presence.update(GUILD, BOT, VOICE);
    world.presence.update(GUILD, ANN, VOICE);
    world.presence.update(GUILD, BEN, VOICE);
    world.at(5_000);
    world.presence.update(GUILD, BEN, null); // left after 5 s
    world.at(60_000);
    world.presence.update(GUILD, CAT, VOICE); // joined a minute in
    world.at(100_000);
    world.presence.update(GUILD, DAN, OTHER_VOICE); // elsewhere all along
    world.at(200_000);
    const voice = new VoiceListens({
      presence: world.presence,
      settings: { voiceOptedIn: async () => new Set() },
      archive: { store: async () => ({ added: 0, present: 0 }) },
      botId: BOT,
    });
    expect(voice.qualifying(aPlay(0, 200_000))).toEqual([
      { userId: ANN, heardMs: 200_000 },
      { userId: CAT, heardMs: 140_000 },
    ]);
  });

  it('never credits more than the play was audible (paused time is not heard)', () => {
    const world = aWorld();
    world.presence.update(GUILD, BOT, VOICE);
    world.presence.update(GUILD, ANN, VOICE);
    world.at(120_000);
    const voice = new VoiceListens({
      presence: world.presence,
      settings: { voiceOptedIn: async () => new Set() },
      archive: { store: async () => ({ added: 0, present: 0 }) },
      botId: BOT,
    });
    expect(voice.qualifying({ ...aPlay(0, 120_000), msPlayed: 20_000 })).toEqual([]);
    expect(voice.qualifying({ ...aPlay(0, 120_000), msPlayed: 31_000 })).toEqual([
      { userId: ANN, heardMs: 31_000 },
    ]);
  });

  it('does not count a deafened stretch, nor the time after the bot left', () => {
    const world = aWorld();
    world.presence.update(GUILD, BOT, VOICE);
    world.presence.update(GUILD, ANN, VOICE);
    world.at(10_000);
    world.presence.update(GUILD, ANN, null); // deafened
    world.at(100_000);
    world.presence.update(GUILD, ANN, VOICE);
    world.at(110_000);
    world.presence.update(GUILD, BOT, null);
    world.at(300_000);
    expect(world.presence.heardMs(GUILD, ANN, BOT, world.now() - 300_000, world.now())).toBe(20_000);
  });

  it('forgets who was there once it is too long ago to credit any play', () => {
    const world = aWorld();
    world.presence.update(GUILD, BOT, VOICE);
    world.presence.update(GUILD, ANN, VOICE);
    world.presence.update(GUILD, BEN, VOICE);
    world.at(60_000);
    world.presence.update(GUILD, BEN, null);
    world.at(13 * 60 * 60 * 1000);
    world.presence.prune();
    // Ben's stay closed 13 h ago is gone; Ann and the bot are still there.
    expect(world.presence.trackedUsers).toBe(2);
    expect(world.presence.usersOf(GUILD, BOT)).toEqual([ANN]);
  });

  it('stores listens only for listeners who opted in', async () => {
    const world = aWorld();
    world.presence.update(GUILD, BOT, VOICE);
    world.presence.update(GUILD, ANN, VOICE);
    world.presence.update(GUILD, BEN, VOICE);
    world.at(60_000);
    const stored: ListenInput[][] = [];
    const voice = new VoiceListens({
      presence: world.presence,
      settings: { voiceOptedIn: async (ids) => new Set(ids.filter((id) => id === BEN)) },
      archive: {
        store: async (listens) => {
          stored.push([...listens]);
          return { added: listens.length, present: 0 };
        },
      },
      botId: BOT,
    });
    const { listens } = await voice.record(aPlay(0, 60_000));
    expect(listens).toEqual([
      {
        userId: BEN,
        playedAt: new Date('2026-03-01T20:00:00Z'),
        msPlayed: 60_000,
        source: 'discord-voice',
        track: {
          title: 'Teardrop',
          artists: ['Massive Attack'],
          durationMs: 240_000,
          spotifyTrackId: null,
          isrc: null,
        },
      },
    ]);
    expect(stored).toEqual([listens]);
  });
});
