import {
  type Client,
  DiscordAPIError,
  Events,
  type Interaction,
  type Message,
  RESTJSONErrorCodes,
  type SendableChannels,
} from 'discord.js';
import { languageOf, translator } from '../../../i18n/index.ts';
import type { Logger } from '../../../logging/index.ts';
import type { GuildSettings, GuildSettingsRepository } from '../../../settings/index.ts';
import type { QueueSnapshot } from '../../contract.ts';
import type { MusicService } from '../../music-service.ts';
import type { NowPlayingMessageIds } from '../../now-playing-message-ids.ts';
import { defaultEditPolicy, type EditPolicy, EditScheduler } from './edit-scheduler.ts';
import { MessagePlacement, type Placement, REPOST_AFTER_MESSAGES } from './message-placement.ts';
import { disabledControls, type NowPlayingView, nowPlayingView } from './now-playing-view.ts';

export interface NowPlayingPublisherOptions {
  client: Client;
  music: Pick<MusicService, 'snapshot'>;
  messageIds: Pick<NowPlayingMessageIds, 'get' | 'set'>;
  settings: Pick<GuildSettingsRepository, 'get'>;
  logger: Logger;
  policy?: EditPolicy;
  /** Messages below the now-playing message after which it is posted again (default 10). */
  repostAfterMessages?: number;
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

type Unusable = NotSendableChannel | DiscordAPIError;
const isUnusable = (error: unknown): error is Unusable =>
  error instanceof NotSendableChannel ||
  (error instanceof DiscordAPIError && CHANNEL_UNUSABLE.has(error.code));

/**
 * Keeps one now-playing message per guild, edited as the player changes at the pace of the
 * `EditScheduler`. It goes to the guild's `announceChannelId`, else the player's text channel;
 * when the announce channel is gone or closed to the bot, to the channel of the guild's last
 * command (then the player's), and the log says so. The message id is kept in
 * `music_players`, so a restart edits the same message; a deleted one (10008) is posted again.
 *
 * The message is posted anew at the bottom, the old one keeping its text but losing the use of
 * its buttons, when it has scrolled away (`repostAfterMessages` messages below it), when a
 * new track starts after a /stop, and when the announce channel setting points elsewhere.
 * When the queue ends (or the bot leaves) the message says so, loses its buttons and is let go.
 */
export class NowPlayingPublisher {
  private readonly scheduler: EditScheduler;
  private readonly placement: MessagePlacement;
  /** What each guild's message shows now, to skip edits that would change nothing. */
  private readonly shown = new Map<string, string>();
  /** The last refusal logged per guild and channel, so a closed channel is logged once. */
  private readonly refused = new Map<string, number | string>();
  /** Announce channels that refused a post, per guild: not tried again until settings change. */
  private readonly closedAnnounce = new Map<string, string>();
  /** Guilds whose player was stopped: their next track gets a new message. */
  private readonly stopped = new Set<string>();

  /** Counts the messages below each guild's message (GUILD_MESSAGES; no content needed). */
  private readonly onMessage = (message: Message) => {
    if (message.inGuild()) this.messageCreated(message.channelId, message.id);
  };
  /** Remembers where each guild last used the bot: the fallback channel. */
  private readonly onInteraction = (interaction: Interaction) => {
    if (interaction.inGuild() && interaction.isRepliable() && interaction.channelId) {
      this.commandUsed(interaction.guildId, interaction.channelId);
    }
  };

  constructor(private readonly options: NowPlayingPublisherOptions) {
    this.placement = new MessagePlacement(options.repostAfterMessages ?? REPOST_AFTER_MESSAGES);
    this.scheduler = new EditScheduler(
      (guildId) => this.publish(guildId),
      options.logger,
      options.policy ?? defaultEditPolicy,
    );
    options.client.on(Events.MessageCreate, this.onMessage);
    options.client.on(Events.InteractionCreate, this.onInteraction);
  }

  /**
   * The guild's player (or its settings) changed: redraw soon. `cause` is the queue change's
   * (`stop`: the next track gets a new message) or `settings` (the announce channel may have
   * changed or been fixed: try it again).
   */
  changed(guildId: string, cause?: string): void {
    if (cause === 'stop') this.stopped.add(guildId);
    if (cause === 'settings') this.closedAnnounce.delete(guildId);
    this.scheduler.changed(guildId);
  }

  /** A message was posted in a channel (gateway MESSAGE_CREATE). */
  messageCreated(channelId: string, messageId: string): void {
    const scrolledAway = this.placement.messageCreated(channelId, messageId);
    if (scrolledAway) this.scheduler.changed(scrolledAway);
  }

  /** Someone used a command in `channelId`: the fallback for an unusable announce channel. */
  commandUsed(guildId: string, channelId: string): void {
    this.placement.commandUsed(guildId, channelId);
  }

  stop(): void {
    this.options.client.off(Events.MessageCreate, this.onMessage);
    this.options.client.off(Events.InteractionCreate, this.onInteraction);
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
    const current = this.current(guildId, messageId, settings, snapshot);
    if (!view.active) {
      if (current) await this.edit(guildId, current, view.message).catch((error) => this.ignore(error));
      if (messageId) await this.options.messageIds.set(guildId, null);
      this.letGo(guildId);
      return { live: false };
    }
    if (current && !this.dueForRepost(guildId, current, settings)) {
      if (await this.edit(guildId, current, view.message).catch((error) => this.ignore(error))) {
        return { live: view.live };
      }
    } else if (current) {
      await this.retire(guildId, current, view);
    }
    const posted = await this.post(guildId, snapshot, settings, view);
    if (!posted) return { live: false };
    this.stopped.delete(guildId);
    await this.options.messageIds.set(guildId, posted.messageId);
    return { live: view.live };
  }

  /** Where the guild's message is: known from this run, or (after a restart) the channel it would go to. */
  private current(
    guildId: string,
    messageId: string | null,
    settings: GuildSettings,
    snapshot: QueueSnapshot,
  ): Placement | null {
    if (!messageId) return null;
    const known = this.placement.get(guildId);
    if (known?.messageId === messageId) return known;
    const channelId = settings.announceChannelId ?? snapshot.textChannelId;
    return channelId ? { channelId, messageId, since: 0 } : null;
  }

  private dueForRepost(guildId: string, current: Placement, settings: GuildSettings): boolean {
    if (this.placement.scrolledAway(guildId) || this.stopped.has(guildId)) return true;
    const announce = settings.announceChannelId;
    return !!announce && announce !== current.channelId && this.closedAnnounce.get(guildId) !== announce;
  }

  /** Posts the message at the bottom of the first channel that takes it. */
  private async post(
    guildId: string,
    snapshot: QueueSnapshot,
    settings: GuildSettings,
    view: NowPlayingView,
  ): Promise<Placement | null> {
    const announce = settings.announceChannelId;
    const fallbacks = [this.placement.commandChannel(guildId), snapshot.textChannelId];
    const candidates = [
      ...new Set((announce ? [announce, ...fallbacks] : fallbacks.reverse()).filter((id) => id !== null)),
    ];
    for (const channelId of candidates) {
      try {
        const posted = await (await this.channel(channelId)).send({
          ...view.message,
          allowedMentions: { parse: [] },
        });
        if (announce && channelId !== announce) {
          this.options.logger.warn(
            { guildId, announceChannelId: announce, channelId },
            'the now-playing channel cannot be posted in; posted in the channel of the last command instead',
          );
        }
        this.refused.delete(`${guildId}:${channelId}`);
        this.shown.set(guildId, `${posted.id}\n${JSON.stringify(view.message)}`);
        // Chat that came in while it was being posted may already have scrolled it away.
        if (this.placement.placed(guildId, channelId, posted.id)) this.scheduler.changed(guildId);
        return this.placement.get(guildId);
      } catch (error) {
        if (!isUnusable(error)) throw error;
        this.logRefusal(guildId, channelId, error);
        if (channelId === announce) this.closedAnnounce.set(guildId, announce);
      }
    }
    // No ticks into closed channels; the next change of the player tries again.
    return null;
  }

  /** The message being replaced keeps its text; its buttons are shown disabled. */
  private async retire(guildId: string, current: Placement, view: NowPlayingView): Promise<void> {
    this.letGo(guildId);
    try {
      const channel = await this.channel(current.channelId);
      await channel.messages.edit(current.messageId, {
        components: disabledControls(view.message.components),
      });
    } catch (error) {
      // Deleted or out of reach: nothing left to disable.
      this.ignore(error);
    }
  }

  /** Edits the message; false when it no longer exists (deleted: 10008). */
  private async edit(
    guildId: string,
    current: Placement,
    message: NowPlayingView['message'],
  ): Promise<boolean> {
    const shown = `${current.messageId}\n${JSON.stringify(message)}`;
    if (this.shown.get(guildId) === shown) return true;
    try {
      await (await this.channel(current.channelId)).messages.edit(current.messageId, message);
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMessage) return false;
      throw error;
    }
    this.placement.placed(guildId, current.channelId, current.messageId);
    this.shown.set(guildId, shown);
    return true;
  }

  private letGo(guildId: string): void {
    this.shown.delete(guildId);
    this.placement.forget(guildId);
  }

  /** An unusable channel ends the attempt (logged once); anything else is the scheduler's to log. */
  private ignore(error: unknown): false {
    if (
      isUnusable(error) ||
      (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMessage)
    ) {
      return false;
    }
    throw error;
  }

  private logRefusal(guildId: string, channelId: string, error: Unusable): void {
    const key = `${guildId}:${channelId}`;
    if (this.refused.get(key) === error.code) return;
    this.refused.set(key, error.code);
    this.options.logger.warn(
      { guildId, channelId, code: error.code },
      'cannot post the now-playing message there',
    );
  }

  private async channel(channelId: string): Promise<SendableChannels> {
    const channel =
      this.options.client.channels.cache.get(channelId) ??
      (await this.options.client.channels.fetch(channelId));
    if (!channel?.isSendable()) throw new NotSendableChannel(`channel ${channelId} cannot take messages`);
    return channel;
  }
}
