import { describe, expect, it } from 'vitest';
import { listenIdentity } from './listen-identity.ts';
import type { ListenInput } from './listen-input.ts';

const ALICE = '100000000000000001';
const BOB = '100000000000000002';
const TRACK = { title: 'Teardrop', artists: ['Massive Attack'], spotifyTrackId: '67Hna13dNDkZvBpTXRIaOJ' };

/** Spotify polling: `played_at` (the end, ms precision); the client knows the track's length. */
function polled(playedAtIso: string, durationMs = 330_000): ListenInput {
  const end = new Date(playedAtIso);
  return {
    userId: ALICE,
    playedAt: new Date(end.getTime() - durationMs),
    endedAt: end,
    msPlayed: null,
    source: 'spotify-poll',
    track: { ...TRACK, durationMs },
  };
}

/** Extended history: `ts` (the end, to the second) and `ms_played`. */
function exported(ts: string, msPlayed: number): ListenInput {
  const end = new Date(ts);
  return {
    userId: ALICE,
    playedAt: new Date(end.getTime() - msPlayed),
    msPlayed,
    source: 'spotify-import',
    track: { ...TRACK, album: 'Mezzanine' },
  };
}

describe('the identity of a listen', () => {
  it('is the same for a polled play and the same play in the export', () => {
    // The poll says 12:00:05.734; the export truncates to 12:00:05 and measured 329,512 ms.
    expect(listenIdentity(polled('2026-03-01T12:00:05.734Z'))).toBe(
      listenIdentity(exported('2026-03-01T12:00:05Z', 329_512)),
    );
  });

  it('takes the end from start + ms played when the path gives no end', () => {
    const withEnd = exported('2026-03-01T12:00:05Z', 1_000);
    expect(listenIdentity({ ...withEnd, endedAt: new Date('2026-03-01T12:00:05.999Z') })).toBe(
      listenIdentity(withEnd),
    );
  });

  it('keeps two real plays of the same track apart, even back to back', () => {
    // Replayed at once: the second ended one track length later.
    expect(listenIdentity(polled('2026-03-01T12:00:05.734Z'))).not.toBe(
      listenIdentity(polled('2026-03-01T12:05:35.734Z')),
    );
    // Two short plays (skips in the export) ending a second apart.
    expect(listenIdentity(exported('2026-03-01T12:00:05Z', 2_000))).not.toBe(
      listenIdentity(exported('2026-03-01T12:00:06Z', 900)),
    );
    // Less than a second apart but across a second boundary.
    expect(listenIdentity(polled('2026-03-01T12:00:05.999Z'))).not.toBe(
      listenIdentity(polled('2026-03-01T12:00:06.100Z')),
    );
  });

  it('differs between users and between tracks played at the same moment', () => {
    const play = polled('2026-03-01T12:00:05.734Z');
    expect(listenIdentity({ ...play, userId: BOB })).not.toBe(listenIdentity(play));
    expect(
      listenIdentity({ ...play, track: { ...TRACK, spotifyTrackId: '2Foc5Q5nqNiosCNqttzHof' } }),
    ).not.toBe(listenIdentity(play));
  });

  it('stamps voice plays by their start, to the second, by the track’s normalised name', () => {
    const voice: ListenInput = {
      userId: ALICE,
      playedAt: new Date('2026-03-01T20:00:00.250Z'),
      msPlayed: 200_000,
      source: 'discord-voice',
      track: { title: 'Teardrop', artists: ['Massive Attack'] },
    };
    // The same play scrobbled to ListenBrainz and imported back from its export (listened_at in s).
    const fromListenBrainz: ListenInput = {
      ...voice,
      playedAt: new Date('2026-03-01T20:00:00Z'),
      msPlayed: null,
      source: 'listenbrainz-import',
      track: { title: 'TEARDROP ', artists: ['massive  attack'] },
    };
    expect(listenIdentity(fromListenBrainz)).toBe(listenIdentity(voice));
    // The next play of it in voice is another listen.
    expect(listenIdentity({ ...voice, playedAt: new Date('2026-03-01T20:05:30.250Z') })).not.toBe(
      listenIdentity(voice),
    );
  });

  it('never takes a voice start for a Spotify end at the same second', () => {
    const end = new Date('2026-03-01T20:00:00Z');
    const track = { title: 'Teardrop', artists: ['Massive Attack'] };
    const spotifyOld: ListenInput = {
      userId: ALICE,
      playedAt: new Date(end.getTime() - 60_000),
      endedAt: end,
      msPlayed: null,
      source: 'spotify-import',
      track,
    };
    const voice: ListenInput = {
      userId: ALICE,
      playedAt: end,
      msPlayed: 60_000,
      source: 'discord-voice',
      track,
    };
    expect(listenIdentity(spotifyOld)).not.toBe(listenIdentity(voice));
  });
});
