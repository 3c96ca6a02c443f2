import type { MusicEngine } from './music-engine.ts';

/**
 * Where a guild's now-playing message is: `music_players.now_playing_message_id`, so a
 * restarted gateway edits the message it posted before instead of posting another. Written
 * in the guild's turn (like every operation) and saved at once, without announcing a queue
 * change: the message id is the gateway's bookkeeping, not part of the queue.
 */
export class NowPlayingMessageIds {
  constructor(private readonly engine: MusicEngine) {}

  async get(guildId: string): Promise<string | null> {
    return (await this.engine.session(guildId)).record.nowPlayingMessageId;
  }

  async set(guildId: string, messageId: string | null): Promise<void> {
    const session = await this.engine.session(guildId);
    await session.run(async () => {
      if (session.record.nowPlayingMessageId === messageId) return;
      await this.engine.transact(session, null, async () => {
        session.record = { ...session.record, nowPlayingMessageId: messageId };
      });
    });
  }
}
