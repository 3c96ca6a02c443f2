import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../logging/index.ts';
import { FrameClock } from './frame-clock.ts';

function countingClient() {
  const counts = { frames: 0, missed: 0 };
  const client = {
    onFrame: () => {
      counts.frames += 1;
    },
    onMissedFrames: (count: number) => {
      counts.missed += count;
    },
  };
  return { counts, client };
}

describe('FrameClock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /**
   * Time is driven, not waited for: fake timers fire the clock's setTimeout, and the clock reads
   * an injected now() = the fake clock plus the stalls injected so far. A stall moves now() on
   * without firing any timer, exactly as a blocked event loop does, so every count is exact
   * however loaded the machine running the test is.
   */
  it('ticks every client at the interval, catches up stalls to 500 ms and reports longer ones as missed', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 0 });
    let stalled = 0;
    const clock = new FrameClock(20, silentLogger(), () => Date.now() + stalled);
    const { counts, client } = countingClient();
    const stall = (ms: number) => {
      stalled += ms;
    };

    clock.add(client);
    vi.advanceTimersByTime(0);
    expect(counts).toEqual({ frames: 1, missed: 0 }); // the first slot runs at once
    vi.advanceTimersByTime(19);
    expect(counts.frames).toBe(1);
    vi.advanceTimersByTime(1);
    expect(counts.frames).toBe(2);
    vi.advanceTimersByTime(470);
    // Slots at 0, 20, …, 480 ms: one per interval, none late, none missed.
    expect(counts).toEqual({ frames: 25, missed: 0 });
    expect(clock.figures).toEqual({ slots: 25, lateSlots: 0, missedSlots: 0 });

    // t = 490, the next slot due at 500. The loop is blocked for 300 ms: that timer fires at 800.
    stall(300);
    vi.advanceTimersByTime(10);
    // Slots 500…800 (16) are all caught up at once, back to back; those due before 700 were
    // over 100 ms late (10).
    expect(counts).toEqual({ frames: 25 + 16, missed: 0 });
    expect(clock.figures).toEqual({ slots: 41, lateSlots: 10, missedSlots: 0 });
    vi.advanceTimersByTime(40);
    // Then back on the 20 ms grid: 820, 840.
    expect(counts).toEqual({ frames: 43, missed: 0 });

    // t = 840, the next slot due at 860. Blocked for 800 ms: the timer fires at 1660, when
    // slots 860…1660 (41) are due. 25 (860…1340) are caught up, all over 100 ms late; the 16
    // others (1360…1660) are given up as missed, reported to the client in one call.
    const missedCalls: number[] = [];
    const before = counts.frames;
    const second = { onFrame: () => {}, onMissedFrames: (count: number) => missedCalls.push(count) };
    clock.add(second);
    stall(800);
    vi.advanceTimersByTime(20);
    expect(counts.frames - before).toBe(25);
    expect(counts.missed).toBe(16);
    expect(missedCalls).toEqual([16]);
    expect(clock.figures).toEqual({ slots: 41 + 2 + 25, lateSlots: 10 + 25, missedSlots: 16 });
    // The next slot is 1680 (20 ms on), not another burst: the deficit is not owed any more.
    vi.advanceTimersByTime(19);
    expect(counts.frames - before).toBe(25);
    vi.advanceTimersByTime(1);
    expect(counts.frames - before).toBe(26);
    expect(clock.figures.missedSlots).toBe(counts.missed);

    clock.delete(client);
    expect(clock.size).toBe(1);
    clock.delete(second);
    expect(clock.size).toBe(0);
    // The last client gone, the timer is cleared: nothing runs any more.
    expect(vi.getTimerCount()).toBe(0);
    const frozen = clock.figures;
    vi.advanceTimersByTime(1_000);
    expect(clock.figures).toEqual(frozen);
  });

  it('keeps a client that throws from stopping the others', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 0 });
    const clock = new FrameClock(20, silentLogger(), () => Date.now());
    const { counts, client } = countingClient();
    clock.add({
      onFrame: () => {
        throw new Error('boom');
      },
      onMissedFrames: () => {},
    });
    clock.add(client);
    vi.advanceTimersByTime(100);
    expect(counts.frames).toBe(6);
    expect(clock.figures.slots).toBe(6);
  });

  it('runs on performance.now by default', async () => {
    const clock = new FrameClock(20, silentLogger());
    const { counts, client } = countingClient();
    clock.add(client);
    try {
      // No bound on the count (the machine may be slow), only that real time drives the slots.
      await expect.poll(() => counts.frames + counts.missed, { timeout: 10_000 }).toBeGreaterThanOrEqual(5);
      expect(clock.figures.slots).toBe(counts.frames);
    } finally {
      clock.delete(client);
    }
    expect(clock.size).toBe(0);
  });
});
