/** A span of time a user could hear a voice channel (in it, not deafened). */
interface Presence {
  channelId: string;
  from: number;
  /** Null while they are still there. */
  to: number | null;
}

/** How long closed spans are kept: longer than any play that still has to be credited. */
export const PRESENCE_KEPT_MS = 12 * 60 * 60 * 1000;

/**
 * Who could hear which voice channel, when: a span per user per stay, opened on join (or
 * undeafen) and closed on leave, move or deafen, from the gateway's voice state updates. A
 * play's listeners are those whose spans overlap the bot's own span in the same channel during
 * the play — so someone who joined halfway, or left after 5 s, is credited with what they
 * heard, not with the whole play. In memory: a restarted gateway starts everyone present at
 * start-up from that moment.
 */
export class VoicePresence {
  private readonly spans = new Map<string, Presence[]>();
  private updatesSincePrune = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** A user's voice state changed: `channelId` is where they can hear now (null: nowhere). */
  update(guildId: string, userId: string, channelId: string | null): void {
    const at = this.now();
    const key = `${guildId}:${userId}`;
    const spans = this.spans.get(key) ?? [];
    const open = spans.at(-1);
    if (open && open.to === null) {
      if (open.channelId === channelId) return;
      open.to = at;
    }
    if (channelId !== null) spans.push({ channelId, from: at, to: null });
    this.spans.set(key, spans);
    // Now and then, forget every span too old to matter, of users who never came back too.
    if (++this.updatesSincePrune >= 1_000) this.prune();
  }

  /** Drops spans closed more than `PRESENCE_KEPT_MS` ago. */
  prune(): void {
    this.updatesSincePrune = 0;
    const oldest = this.now() - PRESENCE_KEPT_MS;
    for (const [key, spans] of this.spans) {
      const kept = spans.filter((span) => span.to === null || span.to > oldest);
      if (kept.length === 0) this.spans.delete(key);
      else this.spans.set(key, kept);
    }
  }

  /** How many users have spans kept (for tests and a gauge). */
  get trackedUsers(): number {
    return this.spans.size;
  }

  /** Users of `guildId` (other than `botId`) with any span in the guild, to test as listeners. */
  usersOf(guildId: string, botId: string): string[] {
    const prefix = `${guildId}:`;
    return [...this.spans.keys()]
      .filter((key) => key.startsWith(prefix))
      .map((key) => key.slice(prefix.length))
      .filter((userId) => userId !== botId);
  }

  /**
   * The ms `userId` spent in the bot's channel while the bot was there, between `from` and
   * `to` (epoch ms): what they could have heard of a play in that window.
   */
  heardMs(guildId: string, userId: string, botId: string, from: number, to: number): number {
    const mine = this.spans.get(`${guildId}:${userId}`) ?? [];
    const bot = this.spans.get(`${guildId}:${botId}`) ?? [];
    const now = this.now();
    let total = 0;
    for (const a of mine) {
      for (const b of bot) {
        if (a.channelId !== b.channelId) continue;
        const start = Math.max(a.from, b.from, from);
        const end = Math.min(a.to ?? now, b.to ?? now, to);
        if (end > start) total += end - start;
      }
    }
    return total;
  }
}
