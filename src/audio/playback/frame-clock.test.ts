import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../logging/index.ts';
import { FrameClock } from './frame-clock.ts';

describe('FrameClock', () => {
  it('ticks every client at the interval, catches up stalls to 500 ms and reports longer ones as missed', async () => {
    const clock = new FrameClock(20, silentLogger());
    const counts = { frames: 0, missed: 0 };
    const client = {
      onFrame: () => {
        counts.frames += 1;
      },
      onMissedFrames: (count: number) => {
        counts.missed += count;
      },
    };
    clock.add(client);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // About 25 slots in 500 ms (the first runs at once); a loaded machine may make a few missed.
    expect(counts.frames + counts.missed).toBeGreaterThanOrEqual(22);
    expect(counts.frames + counts.missed).toBeLessThanOrEqual(27);

    const before = { ...counts };
    const block = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until) {
        // Keeps the event loop from running the timer.
      }
    };
    block(300);
    await new Promise((resolve) => setTimeout(resolve, 60));
    // 15 late slots are all caught up, back to back.
    expect(counts.missed - before.missed).toBe(0);
    expect(counts.frames - before.frames).toBeGreaterThanOrEqual(16);

    const mid = { ...counts };
    block(800);
    await new Promise((resolve) => setTimeout(resolve, 60));
    // 40 late slots: 25 are caught up, the other 15 are given up as missed.
    const missed = counts.missed - mid.missed;
    const slots = counts.frames - mid.frames + missed;
    expect(missed).toBeGreaterThanOrEqual(13);
    expect(missed).toBeLessThanOrEqual(20);
    expect(slots).toBeGreaterThanOrEqual(41);
    expect(slots).toBeLessThanOrEqual(48);
    const figures = clock.figures;
    expect(figures.missedSlots).toBe(counts.missed);
    expect(figures.slots).toBe(counts.frames);
    // Of the slots caught up after 300 ms and 800 ms stalls, those over 100 ms late.
    expect(figures.lateSlots).toBeGreaterThanOrEqual(10 + 20);
    clock.delete(client);
    expect(clock.size).toBe(0);
  });
});
