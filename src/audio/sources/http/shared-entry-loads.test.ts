import { describe, expect, it } from 'vitest';
import { SharedEntryLoads } from './shared-entry-loads.ts';

/** A piece of work the test settles by hand, counting how often it was started. */
function work<T>() {
  let started = 0;
  let settle: { resolve: (value: T) => void; reject: (error: Error) => void } | null = null;
  const start = () => {
    started += 1;
    return new Promise<T>((resolve, reject) => {
      settle = { resolve, reject };
    });
  };
  const started$ = () => started;
  const resolve = async (value: T) => {
    while (!settle) await Promise.resolve();
    settle.resolve(value);
  };
  const reject = async (error: Error) => {
    while (!settle) await Promise.resolve();
    settle.reject(error);
  };
  return { start, started: started$, resolve, reject };
}

describe('SharedEntryLoads', () => {
  it('lets overlapping loads join the work of an entry in flight', async () => {
    const shared = new SharedEntryLoads<string>();
    const a = shared.begin();
    const b = shared.begin();
    const entry = work<string>();
    const fromA = a.get('e', entry.start);
    const fromB = b.get('e', entry.start);
    await entry.resolve('track');
    await expect(Promise.all([fromA, fromB])).resolves.toEqual(['track', 'track']);
    expect(entry.started()).toBe(1);
  });

  it('reuses a result that settled after the load began, but not one older than the load', async () => {
    const shared = new SharedEntryLoads<string>();
    const early = shared.begin();
    const first = work<string>();
    const fromEarly = early.get('e', first.start);
    const during = shared.begin();
    await first.resolve('old');
    await fromEarly;
    const late = shared.begin();
    const second = work<string>();

    await expect(during.get('e', second.start)).resolves.toBe('old');
    const fromLate = late.get('e', second.start);
    await second.resolve('new');
    await expect(fromLate).resolves.toBe('new');
    expect([first.started(), second.started()]).toEqual([1, 1]);
  });

  it('shares a failure with the loads that joined it', async () => {
    const shared = new SharedEntryLoads<string>();
    const [a, b] = [shared.begin(), shared.begin()];
    const entry = work<string>();
    const fromA = a.get('e', entry.start);
    const fromB = b.get('e', entry.start);
    await entry.reject(new Error('404'));
    await expect(fromA).rejects.toThrow('404');
    await expect(fromB).rejects.toThrow('404');
    expect(entry.started()).toBe(1);
  });

  it('forgets settled results once no load that could reuse them is running', async () => {
    const shared = new SharedEntryLoads<string>();
    const a = shared.begin();
    const b = shared.begin();
    const entry = work<string>();
    const fromA = a.get('e', entry.start);
    await entry.resolve('track');
    await fromA;
    a.end();
    expect(shared.size).toBe(1);
    b.end();
    expect(shared.size).toBe(0);
  });

  it('keeps work in flight after its load ended, for the loads that join it', async () => {
    const shared = new SharedEntryLoads<string>();
    const a = shared.begin();
    const entry = work<string>();
    const fromA = a.get('e', entry.start);
    a.end();
    const b = shared.begin();
    const fromB = b.get('e', entry.start);
    await entry.resolve('track');
    await expect(Promise.all([fromA, fromB])).resolves.toEqual(['track', 'track']);
    expect(entry.started()).toBe(1);
    b.end();
    expect(shared.size).toBe(0);
  });
});
