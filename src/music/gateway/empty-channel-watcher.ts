import type { Logger } from '../../logging/index.ts';
import type { GuildSettings } from '../../settings/index.ts';

export interface EmptyChannelWatcherOptions {
  /** The bot's voice channel in the guild, or null when it is in none. */
  botChannel(guildId: string): string | null;
  /** Users (not bots) in a voice channel. */
  listeners(guildId: string, channelId: string): string[];
  settings(
    guildId: string,
  ): Promise<Pick<GuildSettings, 'leaveWhenEmptySeconds' | 'stayConnected247' | 'pauseWhenEmpty'>>;
  /** Leaves the voice channel (the `leave` operation). */
  leave(guildId: string): Promise<void>;
  /** Pauses the player if a track plays unpaused; true when it did (the `pause` operation). */
  pause(guildId: string): Promise<boolean>;
  /** Resumes the player if it is paused (the `resume` operation). */
  resume(guildId: string): Promise<void>;
  logger: Logger;
}

interface PendingLeave {
  channelId: string;
  delayMs: number;
  timer: NodeJS.Timeout;
}

/**
 * Leave when empty: once the bot's voice channel has no listeners left, the bot leaves after
 * the guild's `leaveWhenEmptySeconds`, unless 24/7 (`stayConnected247`) is on. Someone coming
 * back, the bot moving or leaving, or 24/7 being turned on cancels it.
 *
 * Pause when empty (`pauseWhenEmpty`, with 24/7 on or off): the player pauses at once instead,
 * the bot stays, and it plays on when a listener comes back — only if this rule paused it, so a
 * track someone paused before leaving stays paused. An idle or user-paused player is left to
 * the leave rule above. `check` is called on
 * every voice state change of the guild and on every settings change; it looks at the state
 * as it is then, so missed or repeated calls do no harm.
 */
export class EmptyChannelWatcher {
  private readonly pending = new Map<string, PendingLeave>();
  /** Guilds whose player this watcher paused (and so may resume). */
  private readonly pausedByUs = new Set<string>();
  private stopped = false;

  constructor(private readonly options: EmptyChannelWatcherOptions) {}

  check(guildId: string): void {
    this.evaluate(guildId).catch((error) =>
      this.options.logger.warn({ err: error, guildId }, 'failed to check whether the voice channel is empty'),
    );
  }

  /** Guilds with a leave counting down (for tests and diagnostics). */
  pendingGuilds(): string[] {
    return [...this.pending.keys()];
  }

  stop(): void {
    this.stopped = true;
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.pausedByUs.clear();
  }

  private async evaluate(guildId: string): Promise<void> {
    const channelId = this.emptyChannel(guildId);
    if (!channelId) {
      this.cancel(guildId);
      return this.resumeIfWePaused(guildId);
    }
    const settings = await this.options.settings(guildId);
    if (settings.pauseWhenEmpty && !this.stopped && (await this.pauseWhileEmpty(guildId, channelId))) {
      return this.cancel(guildId);
    }
    // The state may have moved on while the settings were read.
    if (this.stopped || settings.stayConnected247 || this.emptyChannel(guildId) !== channelId) {
      return this.cancel(guildId);
    }
    const delayMs = settings.leaveWhenEmptySeconds * 1000;
    const pending = this.pending.get(guildId);
    if (pending?.channelId === channelId && pending.delayMs === delayMs) return;
    this.cancel(guildId);
    const timer = setTimeout(() => void this.leaveIfStillEmpty(guildId, channelId), delayMs);
    timer.unref?.();
    this.pending.set(guildId, { channelId, delayMs, timer });
  }

  private async leaveIfStillEmpty(guildId: string, channelId: string): Promise<void> {
    if (this.pending.get(guildId)?.channelId !== channelId) return;
    this.pending.delete(guildId);
    if (this.stopped || this.emptyChannel(guildId) !== channelId) return;
    try {
      // 24/7 may have been turned on from another process without a bus event reaching us.
      if ((await this.options.settings(guildId)).stayConnected247) return;
      await this.options.leave(guildId);
      this.options.logger.info({ guildId, channelId }, 'left an empty voice channel');
    } catch (error) {
      this.options.logger.warn({ err: error, guildId }, 'failed to leave an empty voice channel');
    }
  }

  /**
   * Pauses a playing track while nobody listens; true when the player is (now) paused by this
   * rule. An idle player, or one a user paused, is not ours to hold: it leaves as before.
   */
  private async pauseWhileEmpty(guildId: string, channelId: string): Promise<boolean> {
    if (this.pausedByUs.has(guildId)) return true;
    if (!(await this.options.pause(guildId))) return false;
    this.pausedByUs.add(guildId);
    this.options.logger.info({ guildId, channelId }, 'paused in an empty voice channel');
    // Someone may have come back while the pause was on its way.
    if (this.emptyChannel(guildId) !== channelId) await this.resumeIfWePaused(guildId);
    return true;
  }

  private async resumeIfWePaused(guildId: string): Promise<void> {
    if (!this.pausedByUs.delete(guildId) || this.stopped) return;
    // Only with a listener back in the bot's channel: after a move or a leave, it stays paused.
    if (!this.options.botChannel(guildId)) return;
    await this.options.resume(guildId);
    this.options.logger.info({ guildId }, 'a listener came back: playing on');
  }

  /** The bot's channel when nobody listens in it, else null. */
  private emptyChannel(guildId: string): string | null {
    const channelId = this.options.botChannel(guildId);
    if (!channelId) return null;
    return this.options.listeners(guildId, channelId).length === 0 ? channelId : null;
  }

  private cancel(guildId: string): void {
    const pending = this.pending.get(guildId);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending.delete(guildId);
  }
}
