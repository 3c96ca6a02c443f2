/**
 * Messages that scroll a guild's now-playing message out of sight. After this many messages in
 * its channel it is posted again at the bottom. Ten is about what a desktop client shows above
 * the text box with an embed this tall; fewer would re-post on every short exchange.
 */
export const REPOST_AFTER_MESSAGES = 10;

/** Where a guild's now-playing message is, and how many messages came after it. */
export interface Placement {
  channelId: string;
  messageId: string;
  /** Messages posted in the channel after it (its own edits are not messages). */
  since: number;
}

/**
 * Keeps, per guild, where the now-playing message is and counts the messages below it, from the
 * gateway's `MESSAGE_CREATE` events (the GUILD_MESSAGES intent, which is not privileged; the
 * content is not needed to count). Also remembers the channel each guild last used a command
 * in, the fallback when the configured channel can't be posted in.
 */
export class MessagePlacement {
  private readonly placements = new Map<string, Placement>();
  /** Guild by the channel its message is in: every message in every channel is looked up. */
  private readonly guildByChannel = new Map<string, string>();
  private readonly commandChannels = new Map<string, string>();

  constructor(private readonly repostAfter = REPOST_AFTER_MESSAGES) {}

  get(guildId: string): Placement | null {
    return this.placements.get(guildId) ?? null;
  }

  placed(guildId: string, channelId: string, messageId: string): void {
    const current = this.placements.get(guildId);
    if (current?.channelId === channelId && current.messageId === messageId) return;
    this.forget(guildId);
    this.placements.set(guildId, { channelId, messageId, since: 0 });
    this.guildByChannel.set(channelId, guildId);
  }

  forget(guildId: string): void {
    const current = this.placements.get(guildId);
    if (current && this.guildByChannel.get(current.channelId) === guildId) {
      this.guildByChannel.delete(current.channelId);
    }
    this.placements.delete(guildId);
  }

  scrolledAway(guildId: string): boolean {
    return (this.placements.get(guildId)?.since ?? 0) >= this.repostAfter;
  }

  /**
   * A message was posted in `channelId`: counts it below the now-playing message there (a
   * message older than it, delivered late, is not below it). Returns the guild whose message
   * has just scrolled away, if any.
   */
  messageCreated(channelId: string, messageId: string): string | null {
    const guildId = this.guildByChannel.get(channelId);
    const placement = guildId ? this.placements.get(guildId) : undefined;
    if (!guildId || !placement || !isAfter(messageId, placement.messageId)) return null;
    placement.since++;
    return placement.since === this.repostAfter ? guildId : null;
  }

  commandUsed(guildId: string, channelId: string): void {
    this.commandChannels.set(guildId, channelId);
  }

  commandChannel(guildId: string): string | null {
    return this.commandChannels.get(guildId) ?? null;
  }
}

/** Snowflakes grow with time: a later message has a larger id. */
function isAfter(messageId: string, than: string): boolean {
  try {
    return BigInt(messageId) > BigInt(than);
  } catch {
    return messageId !== than;
  }
}
