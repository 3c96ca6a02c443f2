import { type Client, Events, type Message } from 'discord.js';
import type { Bus } from '../../bus/index.ts';
import { type MessageKey, pickLanguage, translator } from '../../i18n/index.ts';
import { actorFromMember } from '../../interactions/index.ts';
import type { Logger } from '../../logging/index.ts';
import {
  type GuildSettings,
  SETTINGS_UPDATED_TOPIC,
  type SettingsUpdatedEvent,
} from '../../settings/index.ts';
import { isMusicError } from '../music-error.ts';
import type { MusicService } from '../music-service.ts';
import { describeAdded } from './commands/play.ts';

/** How long the bot's short answer in the request channel stays before it deletes it. */
export const REQUEST_REPLY_TTL_MS = 10_000;

export interface RequestChannelOptions {
  client: Client;
  bus: Bus;
  music: MusicService;
  settings(guildId: string): Promise<GuildSettings>;
  /** Whether the gateway asked for the privileged Message Content intent (DISCORD_MESSAGE_CONTENT). */
  messageContent: boolean;
  logger: Logger;
  /** For tests: how long the answer stays. */
  replyTtlMs?: number;
}

/**
 * The song-request channel (`requestChannelId`), as Lavamusic's and Hydra's: every plain message
 * a member sends there is a /play query. The member's message is deleted once queued (it stays
 * when the query fails, so they can fix it) and the bot answers in a line it deletes after a
 * few seconds, so the channel stays clean. Reading messages needs the privileged Message
 * Content intent; without it, Discord sends the text empty and this logs why nothing plays.
 */
export async function startRequestChannel(options: RequestChannelOptions): Promise<() => Promise<void>> {
  const { client, logger } = options;
  const warned = new Set<string>();
  // Every message of every guild passes here: settings are read once and then kept up to date
  // from `settings.updated`, not read from the database per message.
  const known = new Map<string, GuildSettings>();
  const unsubscribe = await options.bus.subscribe<SettingsUpdatedEvent>(SETTINGS_UPDATED_TOPIC, (event) => {
    known.set(event.payload.guildId, event.payload.settings);
  });
  const settings = async (guildId: string) => {
    const cached = known.get(guildId);
    if (cached) return cached;
    const loaded = await options.settings(guildId);
    known.set(guildId, loaded);
    return loaded;
  };
  const onMessage = (message: Message) => {
    if (!message.inGuild() || message.author.bot || message.webhookId || message.system) return;
    void handle({ ...options, settings }, message, warned).catch((error) =>
      logger.warn({ err: error, guildId: message.guildId }, 'failed to handle a song request'),
    );
  };
  client.on(Events.MessageCreate, onMessage);
  if (!options.messageContent) {
    logger.info(
      'song-request channels are off: they need DISCORD_MESSAGE_CONTENT=true and the Message Content intent',
    );
  }
  return async () => {
    client.off(Events.MessageCreate, onMessage);
    await unsubscribe();
  };
}

async function handle(options: RequestChannelOptions, message: Message<true>, warned: Set<string>) {
  const settings = await options.settings(message.guildId);
  if (!settings.requestChannelId || message.channelId !== settings.requestChannelId) return;
  const query = message.content.trim();
  if (!query) {
    // Without the intent Discord blanks the text of messages that don't mention the bot.
    if (!options.messageContent && !warned.has(message.guildId)) {
      warned.add(message.guildId);
      options.logger.warn(
        { guildId: message.guildId, channelId: message.channelId },
        'a song request arrived without its text: set DISCORD_MESSAGE_CONTENT=true and switch on the Message Content intent',
      );
    }
    return;
  }
  const t = translator(pickLanguage(null, settings.language));
  const member = message.member ?? (await message.guild.members.fetch(message.author.id));
  const actor = actorFromMember(message.guild, member);
  let reply: string;
  let queued = false;
  try {
    const result = await options.music.execute(
      message.guildId,
      actor,
      { type: 'add', query: query.slice(0, 500) },
      message.channelId,
      settings,
    );
    reply = describeAdded(result, t);
    queued = true;
  } catch (error) {
    const reason = isMusicError(error)
      ? t(`error.${error.code}` as MessageKey, { reason: '', ...error.params })
      : t('error.INTERNAL');
    if (!isMusicError(error))
      options.logger.error({ err: error, guildId: message.guildId }, 'song request failed');
    reply = t('request.failed', { reason });
  }
  const answer = await message.channel.send({
    content: `<@${message.author.id}> ${reply}`,
    allowedMentions: { parse: [] },
  });
  if (queued) await message.delete().catch(() => {});
  const timer = setTimeout(
    () => void answer.delete().catch(() => {}),
    options.replyTtlMs ?? REQUEST_REPLY_TTL_MS,
  );
  timer.unref?.();
}
