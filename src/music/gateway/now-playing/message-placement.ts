/**
 * Messages that scroll a guild's now-playing message out of sight. After this many messages in
 * its channel it is posted again at the bottom. Ten is about what a desktop client shows above
 * the text box with an embed this tall; fewer would re-post on every short exchange.
 */
export const REPOST_AFTER_MESSAGES = 10;
/** Channels whose last messages are remembered (ten ids each): a few hundred kB at most. */
const MAX_CHANNELS_REMEMBERED = 5_000;

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
  /**
   * The last messages seen in each channel, whether or not a now-playing message is there yet:
   * messages posted while ours was on its way (its id known only once Discord answered) still
   * count below it. Bounded per channel and in channels (oldest channel forgotten first).
   */
  private readonly recent = new Map<string, string[]>();

  constructor(private readonly repostAfter = REPOST_AFTER_MESSAGES) {}

  get(guildId: string): Placement | null {
    return this.placements.get(guildId) ?? null;
  }

  /**
   * The guild's message is now `messageId` in `channelId`. Returns true when messages seen
   * before this call already scrolled it away (they arrived while it was being posted).
   */
  placed(guildId: string, channelId: string, messageId: string): boolean {
    const current = this.placements.get(guildId);
    if (current?.channelId === channelId && current.messageId === messageId) return false;
    this.forget(guildId);
    const since = (this.recent.get(channelId) ?? []).filter((id) => isSurelyAfter(id, messageId)).length;
    this.placements.set(guildId, { channelId, messageId, since });
    this.guildByChannel.set(channelId, guildId);
    return since >= this.repostAfter;
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
    this.remember(channelId, messageId);
    const guildId = this.guildByChannel.get(channelId);
    const placement = guildId ? this.placements.get(guildId) : undefined;
    if (!guildId || !placement || !isAfter(messageId, placement.messageId)) return null;
    placement.since++;
    return placement.since === this.repostAfter ? guildId : null;
  }

  private remember(channelId: string, messageId: string): void {
    const ids = this.recent.get(channelId) ?? [];
    this.recent.delete(channelId);
    this.recent.set(channelId, [...ids, messageId].slice(-this.repostAfter));
    if (this.recent.size > MAX_CHANNELS_REMEMBERED) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }

  commandUsed(guildId: string, channelId: string): void {
    this.commandChannels.set(guildId, channelId);
  }

  commandChannel(guildId: string): string | null {
    return this.commandChannels.get(guildId) ?? null;
  }
}

/** Snowflakes grow with time: a later message has a larger id. */
/** For messages seen before ours was placed: an id that can't be ordered may be older, so no. */
function isSurelyAfter(messageId: string, than: string): boolean {
  try {
    return BigInt(messageId) > BigInt(than);
  } catch {
    return false;
  }
}

function isAfter(messageId: string, than: string): boolean {
  try {
    return BigInt(messageId) > BigInt(than);
  } catch {
    return messageId !== than;
  }
}
