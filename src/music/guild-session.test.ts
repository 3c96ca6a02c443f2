import { describe, expect, it } from 'vitest';
import { aQueuedTrack as aTrack } from '../../test/support/music-snapshots.ts';
import { emptyRecord, GuildSession } from './guild-session.ts';

const GUILD = '800000000000000001';

function aPlayingSession(): GuildSession {
  const session = new GuildSession({
    ...emptyRecord(GUILD, 80),
    tracks: [aTrack('a'), aTrack('b')],
    currentIndex: 0,
  });
  return session;
}

describe('guild session', () => {
  it('counts only audible time as played, across a pause', () => {
    const session = aPlayingSession();
    session.beginPlay(['u1', 'u2'], 1_000);
    session.setPaused(true, 11_000);
    session.setPaused(false, 61_000);
    const play = session.endPlay('skipped', 66_000);
    expect(play).toMatchObject({ msPlayed: 15_000, endReason: 'skipped', listenerIds: ['u1', 'u2'] });
    expect(play?.track.info.title).toBe('a');
    expect(play?.startedAt).toEqual(new Date(1_000));
    expect(session.endPlay('stopped')).toBeNull();
  });

  it('does not count the time its audio node was gone as played', () => {
    const session = aPlayingSession();
    session.beginPlay(['u1'], 1_000);
    session.setAudible(false, 21_000);
    // The node starts the track again: heard from then on (a second start changes nothing).
    session.setAudible(true, 81_000);
    session.setAudible(true, 85_000);
    const play = session.endPlay('interrupted', 91_000);
    expect(play).toMatchObject({ msPlayed: 30_000, endReason: 'interrupted' });
    expect(session.record.paused).toBe(false);
  });

  it('does not start the same play twice (a node move replays the track)', () => {
    const session = aPlayingSession();
    session.beginPlay(['u1'], 1_000);
    session.beginPlay(['u1', 'u2'], 5_000);
    expect(session.endPlay('finished', 6_000)?.msPlayed).toBe(5_000);
  });

  it('estimates the position from the last saved one, not past the end', () => {
    const session = aPlayingSession();
    session.setPosition(10_000, new Date(100_000));
    expect(session.estimatedPosition(105_000)).toBe(10_000);
    session.beginPlay([], 100_000);
    expect(session.estimatedPosition(105_000)).toBe(15_000);
    expect(session.estimatedPosition(10_000_000)).toBe(180_000);
    session.setPaused(true, 105_000);
    expect(session.estimatedPosition(200_000)).toBe(10_000);
  });

  it('runs a guild’s operations one after another, even when one fails', async () => {
    const session = aPlayingSession();
    const order: string[] = [];
    const slow = session.run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push('slow');
      throw new Error('refused');
    });
    const fast = session.run(async () => order.push('fast'));
    await expect(slow).rejects.toThrow('refused');
    await fast;
    expect(order).toEqual(['slow', 'fast']);
  });
});
