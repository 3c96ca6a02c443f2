import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../logging/index.ts';
import { defaultEditPolicy, EditScheduler } from './edit-scheduler.ts';

const GUILD = '300000000000000001';
const OTHER = '300000000000000002';

/** A scheduler whose edits are recorded with their time; `live` says what edits report. */
function aScheduler(options: { live?: boolean; editMs?: number } = {}) {
  const edits: { guildId: string; at: number }[] = [];
  let live = options.live ?? false;
  const scheduler = new EditScheduler(async (guildId) => {
    edits.push({ guildId, at: Date.now() });
    if (options.editMs) await new Promise((resolve) => setTimeout(resolve, options.editMs));
    return { live };
  }, silentLogger());
  return { scheduler, edits, setLive: (value: boolean) => (live = value) };
}

describe('now-playing edit scheduler', () => {
  let start: number;
  beforeEach(() => {
    vi.useFakeTimers();
    start = Date.now();
  });
  afterEach(() => vi.useRealTimers());

  it('coalesces a burst of changes into one edit after the coalescing delay', async () => {
    const { scheduler, edits } = aScheduler();
    scheduler.changed(GUILD);
    await vi.advanceTimersByTimeAsync(200);
    scheduler.changed(GUILD);
    scheduler.changed(GUILD);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(edits.map((edit) => edit.at - start)).toEqual([defaultEditPolicy.coalesceMs]);
  });

  it('never edits one guild more often than the minimum interval', async () => {
    const { scheduler, edits } = aScheduler();
    for (let i = 0; i < 40; i++) {
      scheduler.changed(GUILD);
      await vi.advanceTimersByTimeAsync(250);
    }
    await vi.advanceTimersByTimeAsync(5_000);
    const gaps = edits.slice(1).map((edit, i) => edit.at - (edits[i]?.at ?? 0));
    expect(edits.length).toBeGreaterThanOrEqual(4);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(defaultEditPolicy.minIntervalMs);
  });

  it('edits guilds independently', async () => {
    const { scheduler, edits } = aScheduler();
    scheduler.changed(GUILD);
    scheduler.changed(OTHER);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(edits.map((edit) => edit.guildId).sort()).toEqual([GUILD, OTHER]);
  });

  it('refreshes the progress every tick while live, and stops when it is not', async () => {
    const { scheduler, edits, setLive } = aScheduler({ live: true });
    scheduler.changed(GUILD);
    await vi.advanceTimersByTimeAsync(defaultEditPolicy.coalesceMs + 3 * defaultEditPolicy.tickMs);
    expect(edits.map((edit) => edit.at - start)).toEqual([750, 5_750, 10_750, 15_750]);
    setLive(false);
    await vi.advanceTimersByTimeAsync(defaultEditPolicy.tickMs);
    await vi.advanceTimersByTimeAsync(4 * defaultEditPolicy.tickMs);
    expect(edits).toHaveLength(5);
  });

  it('brings a change forward of the next tick', async () => {
    const { scheduler, edits } = aScheduler({ live: true });
    scheduler.changed(GUILD);
    await vi.advanceTimersByTimeAsync(1_000);
    scheduler.changed(GUILD);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(edits.map((edit) => edit.at - start)).toEqual([750, 2_750]);
  });

  it('edits again after an edit during which the player changed', async () => {
    const { scheduler, edits } = aScheduler({ editMs: 1_500 });
    scheduler.changed(GUILD);
    await vi.advanceTimersByTimeAsync(1_000);
    scheduler.changed(GUILD);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(edits.map((edit) => edit.at - start)).toEqual([750, 2_250 + 2_000]);
  });

  it('stretches ticks so that all guilds together stay under the global tick rate', () => {
    const { scheduler } = aScheduler();
    expect(scheduler.tickInterval(1)).toBe(defaultEditPolicy.tickMs);
    expect(scheduler.tickInterval(50)).toBe(defaultEditPolicy.tickMs);
    expect(scheduler.tickInterval(200)).toBe(20_000);
  });

  it('keeps going after a failed edit, and stops editing once stopped', async () => {
    let calls = 0;
    const scheduler = new EditScheduler(async () => {
      calls++;
      if (calls === 1) throw new Error('Discord is down');
      return { live: true };
    }, silentLogger());
    scheduler.changed(GUILD);
    await vi.advanceTimersByTimeAsync(1_000);
    scheduler.changed(GUILD);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(calls).toBe(2);
    scheduler.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    scheduler.changed(GUILD);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(2);
  });
});
