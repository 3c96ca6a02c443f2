import {
  type CacheFactory,
  Client,
  type ClientOptions,
  Events,
  GatewayIntentBits,
  type GuildMember,
  LimitedCollection,
  Options,
  Partials,
  type SweeperOptions,
  type User,
  type VoiceState,
} from 'discord.js';
import type { Logger } from '../logging/index.ts';

export interface DiscordConnection {
  token: string;
  /** REST base discord.js should use (`…/api`); the emulator's in the sandbox. */
  apiUrl: string;
  /** Ask for member joins and leaves (the privileged GuildMembers intent). */
  memberEvents?: boolean;
  /** Ask for guild messages and their text (the privileged MessageContent intent): song-request channels. */
  messageContent?: boolean;
}

/**
 * Caches the bot never reads. Each would otherwise be a collection per guild or per channel
 * (about 3 KiB a guild together, measured by `npm run bench:interactions`), so they all share
 * one collection that never holds anything: a LimitedCollection of size 0 ignores every `set`.
 * Objects discord.js builds for these (a message the bot sent, an emoji in GUILD_CREATE) are
 * still returned to the caller, just not kept.
 */
const NEVER_CACHED = new Set([
  // No GUILD_PRESENCES intent, and nothing shows presences.
  'PresenceManager',
  // Now-playing messages are edited by id over REST, and buttons and menus carry their message:
  // nothing reads a message or its reactions from a cache.
  'MessageManager',
  'GuildMessageManager',
  'DMMessageManager',
  'ReactionManager',
  'ReactionUserManager',
  // Sent in GUILD_CREATE, never used: the bot shows no custom emoji, sticker or sound.
  'GuildEmojiManager',
  'GuildStickerManager',
  'GuildSoundboardSoundManager',
  // The bot plays no part in threads; threads still reach client.channels (which cannot be limited).
  'ThreadManager',
  'GuildTextThreadManager',
  'GuildForumThreadManager',
  'ThreadMemberManager',
  // No intents for these, and nothing reads them.
  'GuildBanManager',
  'GuildInviteManager',
  'GuildScheduledEventManager',
  'StageInstanceManager',
  'AutoModerationRuleManager',
  // Commands are registered globally (client.application.commands), never per guild.
  'GuildApplicationCommandManager',
]);

/**
 * Kept in full, because the bot reads them on every command: guilds, channels, roles and
 * permission overwrites (discord.js does not support limiting those), voice states (who is in
 * which channel, for "join a voice channel first", DJ rights and leaving empty channels), and
 * members — the bot's own (`guild.members.me`, for permissions) and those in voice (to tell bots
 * from listeners). The member of an interaction comes with the interaction, roles included, so
 * DJ checks never need the cache.
 */
const makeCache: CacheFactory = (() => {
  const neverCached = new LimitedCollection<string, never>({ maxSize: 0 });
  const defaults = Options.cacheWithLimits({});
  return (managerType, holds, manager) =>
    NEVER_CACHED.has(manager.name) || NEVER_CACHED.has(managerType.name)
      ? neverCached
      : defaults(managerType, holds, manager);
})();

const inVoice = (member: GuildMember) => Boolean(member.guild.voiceStates.cache.get(member.id)?.channelId);

/**
 * What the gateway caches as it runs, beyond GUILD_CREATE, is swept every half hour: members
 * (every user who ran a command is added) except the bot and those in voice; users, except the
 * bot (members keep their own user); voice states of users who left voice (discord.js keeps
 * them with a null channel). Otherwise each would only grow with the people the bot ever met.
 */
export const discordSweepers = {
  guildMembers: () => (member: GuildMember) => member.id !== member.client.user.id && !inVoice(member),
  users: () => (user: User) => user.id !== user.client.user.id,
  voiceStates: () => (state: VoiceState) => state.channelId === null,
};

const SWEEP_INTERVAL_SECONDS = 1_800;

/** The client options the gateway uses: intents, sharding, caches and sweepers. */
export function discordClientOptions(
  apiUrl: string,
  options: { memberEvents?: boolean; messageContent?: boolean } = {},
): ClientOptions {
  const sweepers: SweeperOptions = {
    ...Options.DefaultSweeperSettings,
    guildMembers: { interval: SWEEP_INTERVAL_SECONDS, filter: discordSweepers.guildMembers },
    users: { interval: SWEEP_INTERVAL_SECONDS, filter: discordSweepers.users },
    voiceStates: { interval: SWEEP_INTERVAL_SECONDS, filter: discordSweepers.voiceStates },
  };
  return {
    // GuildMembers is privileged (DISCORD_MEMBER_EVENTS): only asked for when analytics want joins/leaves.
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildVoiceStates,
      ...(options.memberEvents ? [GatewayIntentBits.GuildMembers] : []),
      // Not privileged, no text without MessageContent: counts the messages that scroll a
      // now-playing message away, so it can be posted again at the bottom.
      GatewayIntentBits.GuildMessages,
      // MessageContent is privileged too (DISCORD_MESSAGE_CONTENT): only for song-request channels.
      ...(options.messageContent ? [GatewayIntentBits.MessageContent] : []),
    ],
    // discord.js emits a leave only for a cached member, unless partial members are allowed: with
    // them, the leave of someone the cache never held (or swept) still reaches the analytics.
    ...(options.memberEvents ? { partials: [Partials.GuildMember] } : {}),
    rest: { api: apiUrl },
    // Replies echo remote text (track titles, playlist names): nothing the bot sends pings
    // anyone unless the call opts in with its own allowedMentions.
    allowedMentions: { parse: [], repliedUser: false },
    // Discord requires a shard per 2,500 guilds; 'auto' takes the count GET /gateway/bot recommends.
    shards: 'auto',
    makeCache,
    sweepers,
  };
}

/** The cache settings in one line, for benchmarks and docs. */
export const DISCORD_CACHE_SUMMARY =
  'guilds, channels, roles, voice states full; members: the bot + those in voice (swept every 30 min); ' +
  'users swept; messages, presences, reactions, emojis, stickers, sounds, threads, bans, invites, events, ' +
  'stage instances, automod rules, guild commands never cached (one shared empty collection)';

/**
 * Logs a discord.js client in and resolves once it is ready (every guild received).
 * Caches hold only what the bot uses (see `makeCache`); members and messages are fetched on demand.
 */
export async function connectDiscordClient(connection: DiscordConnection, logger: Logger): Promise<Client> {
  const client = new Client(
    discordClientOptions(connection.apiUrl, {
      memberEvents: connection.memberEvents ?? false,
      messageContent: connection.messageContent ?? false,
    }),
  );
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    logger.warn({ code: event.code, shardId }, 'discord shard disconnected'),
  );
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(connection.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
  return client;
}
