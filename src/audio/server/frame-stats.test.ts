import { describe, expect, it } from 'vitest';
import type { FrameCounters } from '../contracts.ts';
import { FrameStatsWindow } from './frame-stats.ts';

function source(frames: FrameCounters, playing = true) {
  return { key: {}, playing, frames };
}

describe('FrameStatsWindow', () => {
  it('has no data on the first tick, nor for a player first seen on this tick', () => {
    const window = new FrameStatsWindow();
    const a = source({ sent: 0, nulled: 0, deficit: 0 });
    expect(window.tick([a], 0)).toBeUndefined();
    const b = source({ sent: 0, nulled: 0, deficit: 0 });
    a.frames = { sent: 3000, nulled: 0, deficit: 0 };
    expect(window.tick([a, b], 60_000)).toEqual({ sent: 3000, nulled: 0, deficit: 0 });
  });

  it('averages over players and computes the deficit from 3000 frames a minute', () => {
    const window = new FrameStatsWindow();
    const a = source({ sent: 100, nulled: 0, deficit: 0 });
    const b = source({ sent: 0, nulled: 0, deficit: 0 });
    window.tick([a, b], 0);
    a.frames = { sent: 100 + 2900, nulled: 50, deficit: 0 };
    b.frames = { sent: 2000, nulled: 10, deficit: 0 };
    // Per player: sent (2900+2000)/2 = 2450, nulled 30, deficit 3000-2450-30 = 520.
    expect(window.tick([a, b], 60_000)).toEqual({ sent: 2450, nulled: 30, deficit: 520 });
  });

  it('scales a shorter interval to a minute, and a negative deficit means too many frames', () => {
    const window = new FrameStatsWindow();
    const a = source({ sent: 0, nulled: 0, deficit: 0 });
    window.tick([a], 1000);
    a.frames = { sent: 600, nulled: 0, deficit: 0 };
    expect(window.tick([a], 11_000)).toEqual({ sent: 3600, nulled: 0, deficit: -600 });
  });

  it('leaves out paused players', () => {
    const window = new FrameStatsWindow();
    const a = source({ sent: 0, nulled: 0, deficit: 0 }, false);
    window.tick([a], 0);
    expect(window.tick([a], 60_000)).toBeUndefined();
  });
});
