import { type Client, DiscordAPIError, RESTJSONErrorCodes, type SendableChannels } from 'discord.js';
import { languageOf, translator } from '../../../i18n/index.ts';
import type { Logger } from '../../../logging/index.ts';
import type { GuildSettingsRepository } from '../../../settings/index.ts';
import type { MusicService } from '../../music-service.ts';
import type { NowPlayingMessageIds } from '../../now-playing-message-ids.ts';
import { defaultEditPolicy, type EditPolicy, EditScheduler } from './edit-scheduler.ts';
import { type NowPlayingView, nowPlayingView } from './now-playing-view.ts';

export interface NowPlayingPublisherOptions {
  client: Client;
  music: Pick<MusicService, 'snapshot'>;
  messageIds: Pick<NowPlayingMessageIds, 'get' | 'set'>;
  settings: Pick<GuildSettingsRepository, 'get'>;
  logger: Logger;
  policy?: EditPolicy;
}

/** Discord refusals that will not go away by retrying soon: the channel is gone or closed to us. */
const CHANNEL_UNUSABLE = new Set<number | string>([
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
]);

/** The configured channel is not one messages can be sent to (a voice or category channel). */
class NotSendableChannel extends Error {
  readonly code = 'NOT_SENDABLE';
}

/**
 * Keeps one now-playing message per guild in the player's text channel (or the guild's
 * `announceChannelId`), edited as the player changes at the pace of the `EditScheduler`.
 * The message id is kept in `music_players`, so a restart edits the same message; a message
 * that was deleted (10008) is posted again. When the queue ends (or the bot leaves) the
 * message says so, loses its buttons, and is let go: the next play posts a fresh one where
 * people will see it.
 */
export class NowPlayingPublisher {
  private readonly scheduler: EditScheduler;
  /** What each guild's message shows now, to skip edits that would change nothing. */
  private readonly shown = new Map<string, string>();
  /** The last refusal logged per guild, so a closed channel is logged once, not every tick. */
  private readonly refused = new Map<string, number | string>();

  constructor(private readonly options: NowPlayingPublisherOptions) {
    this.scheduler = new EditScheduler(
      (guildId) => this.publish(guildId),
      options.logger,
      options.policy ?? defaultEditPolicy,
    );
  }

  /** The guild's player (or its settings) changed: redraw soon. */
  changed(guildId: string): void {
    this.scheduler.changed(guildId);
  }

  stop(): void {
    this.scheduler.stop();
  }

  private async publish(guildId: string): Promise<{ live: boolean }> {
    if (!this.options.client.guilds.cache.has(guildId)) return { live: false };
    const [snapshot, settings, messageId] = await Promise.all([
      this.options.music.snapshot(guildId),
      this.options.settings.get(guildId),
      this.options.messageIds.get(guildId),
    ]);
    const view = nowPlayingView(
      snapshot,
      settings.embedColor,
      translator(languageOf(settings.language) ?? 'en'),
    );
    const channelId = settings.announceChannelId ?? snapshot.textChannelId;
    try {
      if (!view.active) {
        if (messageId && channelId) await this.edit(guildId, channelId, messageId, view);
        if (messageId) await this.options.messageIds.set(guildId, null);
        this.shown.delete(guildId);
        return { live: false };
      }
      if (!channelId) return { live: false };
      if (messageId && (await this.edit(guildId, channelId, messageId, view))) return { live: view.live };
      const posted = await (await this.channel(channelId)).send({
        ...view.message,
        allowedMentions: { parse: [] },
      });
      this.shown.set(guildId, `${posted.id}\n${JSON.stringify(view.message)}`);
      await this.options.messageIds.set(guildId, posted.id);
      this.refused.delete(guildId);
      return { live: view.live };
    } catch (error) {
      const unusable =
        error instanceof NotSendableChannel ||
        (error instanceof DiscordAPIError && CHANNEL_UNUSABLE.has(error.code));
      if (!unusable) throw error;
      if (this.refused.get(guildId) !== error.code) {
        this.options.logger.warn(
          { guildId, channelId, code: error.code },
          'cannot post the now-playing message there',
        );
      }
      this.refused.set(guildId, error.code);
      // No ticks into a closed channel; the next change of the player tries again.
      return { live: false };
    }
  }

  /** Edits the message; false when it no longer exists (deleted: 10008). */
  private async edit(
    guildId: string,
    channelId: string,
    messageId: string,
    view: NowPlayingView,
  ): Promise<boolean> {
    const shown = `${messageId}\n${JSON.stringify(view.message)}`;
    if (this.shown.get(guildId) === shown) return true;
    try {
      await (await this.channel(channelId)).messages.edit(messageId, view.message);
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMessage) return false;
      throw error;
    }
    this.shown.set(guildId, shown);
    return true;
  }

  private async channel(channelId: string): Promise<SendableChannels> {
    const channel =
      this.options.client.channels.cache.get(channelId) ??
      (await this.options.client.channels.fetch(channelId));
    if (!channel?.isSendable()) throw new NotSendableChannel(`channel ${channelId} cannot take messages`);
    return channel;
  }
}
