import type { FrameStats } from '../../lavalink/index.ts';
import type { FrameCounters } from '../contracts.ts';

/** One frame every 20 ms: what a playing player should hand Discord in a minute. */
export const EXPECTED_FRAMES_PER_MINUTE = 3000;
const MINUTE_MS = 60_000;

/** What the window needs of a player: a stable key, whether it plays, and its cumulative counters. */
export interface FrameSource {
  readonly key: object;
  readonly playing: boolean;
  readonly frames: FrameCounters;
}

interface Snapshot {
  sent: number;
  nulled: number;
}

/**
 * Lavalink's `frameStats`: per playing player, the frames sent and nulled over the last stats
 * interval, averaged over the players that played through the whole interval, with the deficit
 * being what was expected (3000 a minute) minus sent and nulled. Counts are scaled to a minute
 * so a shorter interval (tests) reads the same as Lavalink's once-a-minute figure. A player
 * only counts once it has a snapshot from the previous tick, so the first stats carry none.
 */
export class FrameStatsWindow {
  private snapshots = new WeakMap<object, Snapshot>();
  private lastTick: number | null = null;

  /** Closes the interval ending now; undefined while no player has a whole interval of data. */
  tick(players: Iterable<FrameSource>, now = Date.now()): FrameStats | undefined {
    const elapsed = this.lastTick === null ? 0 : now - this.lastTick;
    const next = new WeakMap<object, Snapshot>();
    let counted = 0;
    let sent = 0;
    let nulled = 0;
    for (const player of players) {
      if (!player.playing) continue;
      const current = { sent: player.frames.sent, nulled: player.frames.nulled };
      next.set(player.key, current);
      const previous = this.snapshots.get(player.key);
      if (!previous || elapsed <= 0) continue;
      counted++;
      sent += Math.max(0, current.sent - previous.sent);
      nulled += Math.max(0, current.nulled - previous.nulled);
    }
    this.snapshots = next;
    this.lastTick = now;
    if (counted === 0) return undefined;

    const perMinute = MINUTE_MS / elapsed;
    const sentPerPlayer = (sent * perMinute) / counted;
    const nulledPerPlayer = (nulled * perMinute) / counted;
    return {
      sent: Math.round(sentPerPlayer),
      nulled: Math.round(nulledPerPlayer),
      deficit: Math.round(EXPECTED_FRAMES_PER_MINUTE - sentPerPlayer - nulledPerPlayer),
    };
  }
}
