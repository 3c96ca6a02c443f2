import type { Logger } from '../../logging/index.ts';
import type { GuildSettings } from '../../settings/index.ts';

export interface EmptyChannelWatcherOptions {
  /** The bot's voice channel in the guild, or null when it is in none. */
  botChannel(guildId: string): string | null;
  /** Users (not bots) in a voice channel. */
  listeners(guildId: string, channelId: string): string[];
  settings(guildId: string): Promise<Pick<GuildSettings, 'leaveWhenEmptySeconds' | 'stayConnected247'>>;
  /** Leaves the voice channel (the `leave` operation). */
  leave(guildId: string): Promise<void>;
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
 * back, the bot moving or leaving, or 24/7 being turned on cancels it. `check` is called on
 * every voice state change of the guild and on every settings change; it looks at the state
 * as it is then, so missed or repeated calls do no harm.
 */
export class EmptyChannelWatcher {
  private readonly pending = new Map<string, PendingLeave>();
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
  }

  private async evaluate(guildId: string): Promise<void> {
    const channelId = this.emptyChannel(guildId);
    if (!channelId) return this.cancel(guildId);
    const settings = await this.options.settings(guildId);
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
