import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore.ts';

describe('Semaphore', () => {
  it('never runs more than its limit at once, and runs every task in order', async () => {
    const limit = new Semaphore(3);
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const started: number[] = [];
    const tasks = Array.from({ length: 10 }, (_, index) =>
      limit.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        started.push(index);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
        return index;
      }),
    );
    // Release tasks one at a time, each only once it has started: no timing involved.
    for (let done = 0; done < 10; done += 1) {
      while (releases.length === 0) await Promise.resolve();
      expect(running).toBeLessThanOrEqual(3);
      releases.shift()?.();
      await Promise.resolve();
    }
    expect(await Promise.all(tasks)).toEqual([...Array(10).keys()]);
    expect(peak).toBe(3);
    expect(started).toEqual([...Array(10).keys()]);
    expect(limit.active).toBe(0);
  });

  it('frees the slot of a task that failed', async () => {
    const limit = new Semaphore(1);
    await expect(limit.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit.run(async () => 'next')).resolves.toBe('next');
  });

  it('reports how many tasks run and wait as the counts change', async () => {
    const seen: [number, number][] = [];
    const limit = new Semaphore(1, (running, waiting) => seen.push([running, waiting]));
    let release = () => {};
    const first = limit.run(() => new Promise<void>((resolve) => (release = resolve)));
    const second = limit.run(async () => {});
    expect([limit.active, limit.waiting]).toEqual([1, 1]);
    release();
    await Promise.all([first, second]);
    expect(seen).toEqual([
      [1, 0],
      [1, 1],
      [1, 0],
      [0, 0],
    ]);
  });
});
