import type { EmulatorStore } from './store.ts';
import {
  type ChannelRecord,
  ChannelType,
  type GuildRecord,
  type MemberRecord,
  type RoleRecord,
  type UserRecord,
  type VoiceStateRecord,
} from './types.ts';

/** JSON as the API sends it. */
export type Json = Record<string, unknown>;

/** A user object (https://discord.com/developers/docs/resources/user#user-object). */
export function serializeUser(user: UserRecord): Json {
  return {
    id: user.id,
    username: user.username,
    global_name: user.globalName,
    discriminator: '0',
    avatar: user.avatar,
    bot: user.bot,
    system: false,
    public_flags: 0,
    flags: 0,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    collectibles: null,
    primary_guild: null,
  };
}

/** A role object; permissions travel as a decimal string. */
export function serializeRole(role: RoleRecord): Json {
  return {
    id: role.id,
    name: role.name,
    color: role.color,
    colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
    hoist: role.hoist,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: role.managed,
    mentionable: role.mentionable,
    flags: 0,
    ...(role.botId ? { tags: { bot_id: role.botId } } : {}),
  };
}

/** A guild member; `user` is left out where Discord leaves it out (MESSAGE_CREATE's member). */
export function serializeMember(store: EmulatorStore, member: MemberRecord, withUser = true): Json {
  const user = store.users.get(member.userId);
  return {
    ...(withUser && user ? { user: serializeUser(user) } : {}),
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roleIds],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: member.deaf,
    mute: member.mute,
    flags: 0,
    pending: false,
    communication_disabled_until: member.communicationDisabledUntil,
  };
}

/** A channel object shaped for its type. `withGuildId` is false inside GUILD_CREATE, like Discord. */
export function serializeChannel(channel: ChannelRecord, withGuildId = true): Json {
  if (channel.type === ChannelType.DM) {
    return {
      id: channel.id,
      type: channel.type,
      last_message_id: channel.lastMessageId,
      flags: 0,
      recipients: [] as Json[],
    };
  }
  const base: Json = {
    id: channel.id,
    type: channel.type,
    ...(withGuildId && channel.guildId ? { guild_id: channel.guildId } : {}),
    name: channel.name,
    position: channel.position,
    parent_id: channel.parentId,
    permission_overwrites: channel.overwrites.map((o) => ({
      id: o.id,
      type: o.type,
      allow: o.allow.toString(),
      deny: o.deny.toString(),
    })),
    flags: 0,
  };
  if (channel.type === ChannelType.GuildCategory) return base;
  if (channel.type === ChannelType.GuildVoice || channel.type === ChannelType.GuildStageVoice) {
    return {
      ...base,
      nsfw: channel.nsfw,
      bitrate: channel.bitrate,
      user_limit: channel.userLimit,
      rtc_region: channel.rtcRegion,
      video_quality_mode: 1,
      last_message_id: channel.lastMessageId,
      rate_limit_per_user: channel.rateLimitPerUser,
    };
  }
  return {
    ...base,
    topic: channel.topic,
    nsfw: channel.nsfw,
    last_message_id: channel.lastMessageId,
    last_pin_timestamp: null,
    rate_limit_per_user: channel.rateLimitPerUser,
    default_auto_archive_duration: 4320,
    default_thread_rate_limit_per_user: 0,
  };
}

/** A DM channel with its recipients (everyone except the viewer). */
export function serializeDmChannel(store: EmulatorStore, channel: ChannelRecord, viewerId: string): Json {
  const recipients = channel.recipientIds
    .filter((id) => id !== viewerId)
    .map((id) => store.users.get(id))
    .filter((u): u is UserRecord => u !== undefined)
    .map(serializeUser);
  return { ...serializeChannel(channel), recipients };
}

/** A voice state; inside GUILD_CREATE Discord omits guild_id and member. */
export function serializeVoiceState(
  store: EmulatorStore,
  state: VoiceStateRecord,
  options: { withGuildId: boolean; withMember: boolean },
): Json {
  const member = store.guilds.get(state.guildId)?.members.get(state.userId);
  return {
    ...(options.withGuildId ? { guild_id: state.guildId } : {}),
    channel_id: state.channelId,
    user_id: state.userId,
    ...(options.withMember && member ? { member: serializeMember(store, member) } : {}),
    session_id: state.sessionId,
    deaf: state.deaf,
    mute: state.mute,
    self_deaf: state.selfDeaf,
    self_mute: state.selfMute,
    self_video: state.selfVideo,
    self_stream: state.selfStream,
    suppress: state.suppress,
    request_to_speak_timestamp: null,
  };
}

/** The guild object of `GET /guilds/:id` (no channels or members, as Discord). */
export function serializeGuild(store: EmulatorStore, guild: GuildRecord, withCounts = false): Json {
  return {
    id: guild.id,
    name: guild.name,
    icon: guild.icon,
    icon_hash: guild.icon,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: guild.afkChannelId,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: store.guildRoles(guild.id).map(serializeRole),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: guild.systemChannelId,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    max_presences: null,
    max_members: 500_000,
    vanity_url_code: null,
    description: guild.description,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: guild.preferredLocale,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    incidents_data: null,
    ...(withCounts ? { approximate_member_count: guild.members.size, approximate_presence_count: 0 } : {}),
  };
}
