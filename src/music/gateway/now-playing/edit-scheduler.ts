import type { Logger } from '../../../logging/index.ts';

/**
 * How often the now-playing messages are edited. Discord allows about 5 edits per 5 s on one
 * channel's messages and 50 requests per second for the whole bot; an edit that hits a 429
 * makes discord.js hold every later request on that route. So:
 * - a state change (pause, skip, volume…) is applied after `coalesceMs`, so a burst (a skip is
 *   an end, a start and a save) becomes one edit, and never sooner than `minIntervalMs` after
 *   the guild's previous edit: at most one edit per guild every 2 s, under half the channel's
 *   budget, leaving room for the commands' own replies in that channel;
 * - while a track plays, the progress is refreshed every `tickMs` (5 s), stretched when many
 *   guilds play so that progress refreshes of all guilds together stay under
 *   `maxTicksPerSecond` (10/s, a fifth of the global limit) — state changes are not counted
 *   against that, they are rare next to the ticks.
 */
export interface EditPolicy {
  coalesceMs: number;
  minIntervalMs: number;
  tickMs: number;
  maxTicksPerSecond: number;
}

export const defaultEditPolicy: EditPolicy = {
  coalesceMs: 750,
  minIntervalMs: 2_000,
  tickMs: 5_000,
  maxTicksPerSecond: 10,
};

interface GuildEdits {
  timer: NodeJS.Timeout | null;
  dueAt: number;
  lastEditAt: number;
  running: boolean;
  /** A change arrived while an edit was running: edit again after it. */
  changedWhileRunning: boolean;
  live: boolean;
}

/**
 * Decides when each guild's now-playing message is edited: `changed` asks for an edit soon,
 * ticks follow by themselves while `edit` reports the guild live. One edit per guild runs at
 * a time; the publisher's `edit` does the work and says whether progress is moving.
 */
export class EditScheduler {
  private readonly guilds = new Map<string, GuildEdits>();
  private stopped = false;

  constructor(
    private readonly edit: (guildId: string) => Promise<{ live: boolean }>,
    private readonly logger: Logger,
    private readonly policy: EditPolicy = defaultEditPolicy,
  ) {}

  /** The guild's player changed: edit soon, within the policy. */
  changed(guildId: string): void {
    if (this.stopped) return;
    const state = this.state(guildId);
    if (state.running) {
      state.changedWhileRunning = true;
      return;
    }
    const due = Math.max(Date.now() + this.policy.coalesceMs, state.lastEditAt + this.policy.minIntervalMs);
    if (state.timer && state.dueAt <= due) return;
    this.schedule(guildId, state, due);
  }

  /** Guilds whose progress is moving. */
  liveCount(): number {
    let count = 0;
    for (const state of this.guilds.values()) if (state.live) count++;
    return count;
  }

  /** Time between progress refreshes of one guild, with `live` guilds playing. */
  tickInterval(live = this.liveCount()): number {
    return Math.max(this.policy.tickMs, Math.ceil((live * 1000) / this.policy.maxTicksPerSecond));
  }

  forget(guildId: string): void {
    const state = this.guilds.get(guildId);
    if (state?.timer) clearTimeout(state.timer);
    this.guilds.delete(guildId);
  }

  stop(): void {
    this.stopped = true;
    for (const state of this.guilds.values()) if (state.timer) clearTimeout(state.timer);
    this.guilds.clear();
  }

  private state(guildId: string): GuildEdits {
    let state = this.guilds.get(guildId);
    if (!state) {
      state = {
        timer: null,
        dueAt: 0,
        lastEditAt: 0,
        running: false,
        changedWhileRunning: false,
        live: false,
      };
      this.guilds.set(guildId, state);
    }
    return state;
  }

  private schedule(guildId: string, state: GuildEdits, dueAt: number): void {
    if (state.timer) clearTimeout(state.timer);
    state.dueAt = dueAt;
    state.timer = setTimeout(() => void this.run(guildId, state), Math.max(0, dueAt - Date.now()));
    state.timer.unref?.();
  }

  private async run(guildId: string, state: GuildEdits): Promise<void> {
    state.timer = null;
    state.running = true;
    try {
      state.live = (await this.edit(guildId)).live;
    } catch (error) {
      // A failed edit (Discord down, channel gone) is not retried faster than a tick would.
      this.logger.warn({ err: error, guildId }, 'failed to update the now-playing message');
    } finally {
      state.lastEditAt = Date.now();
      state.running = false;
    }
    if (this.stopped || this.guilds.get(guildId) !== state) return;
    if (state.changedWhileRunning) {
      state.changedWhileRunning = false;
      this.changed(guildId);
    } else if (state.live) {
      this.schedule(guildId, state, state.lastEditAt + this.tickInterval());
    }
  }
}
