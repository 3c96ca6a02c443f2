/**
 * The emulator's in-memory model. Records hold what Discord stores; `serialize*.ts` turns them into the
 * JSON shapes the API and gateway send. Permission sets are bigints here and strings on the wire.
 */

export interface UserRecord {
  id: string;
  username: string;
  globalName: string | null;
  avatar: string | null;
  bot: boolean;
  /** The user's client locale, sent as `locale` on their interactions. */
  locale: string;
}

export interface ApplicationRecord {
  id: string;
  name: string;
  /** The bot user's id (Discord uses the application id for it; so do we). */
  botUserId: string;
  token: string;
  clientSecret: string;
  /** Application flags; the GATEWAY_* bits decide which privileged intents may be used. */
  flags: number;
  /** Allowed OAuth2 redirect URIs; empty means any (an emulator convenience). */
  redirectUris: string[];
  ownerId: string | null;
}

export interface RoleRecord {
  id: string;
  guildId: string;
  name: string;
  color: number;
  hoist: boolean;
  position: number;
  permissions: bigint;
  managed: boolean;
  mentionable: boolean;
  /** For a bot's managed role: the bot user id (Discord's `tags.bot_id`). */
  botId: string | null;
}

export interface MemberRecord {
  guildId: string;
  userId: string;
  nick: string | null;
  roleIds: string[];
  joinedAt: string;
  deaf: boolean;
  mute: boolean;
  communicationDisabledUntil: string | null;
}

export interface OverwriteRecord {
  id: string;
  /** 0 = role, 1 = member. */
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

/** Channel types the emulator models. */
export const ChannelType = {
  GuildText: 0,
  DM: 1,
  GuildVoice: 2,
  GuildCategory: 4,
  GuildAnnouncement: 5,
  GuildStageVoice: 13,
} as const;

export interface ChannelRecord {
  id: string;
  type: number;
  guildId: string | null;
  name: string | null;
  position: number;
  parentId: string | null;
  topic: string | null;
  nsfw: boolean;
  bitrate: number;
  userLimit: number;
  rateLimitPerUser: number;
  rtcRegion: string | null;
  overwrites: OverwriteRecord[];
  lastMessageId: string | null;
  /** DM channels: the two participants. */
  recipientIds: string[];
  /** Times of recent renames, for Discord's undocumented "2 renames per 10 minutes" limit. */
  renameTimes: number[];
}

export interface VoiceStateRecord {
  guildId: string;
  channelId: string;
  userId: string;
  sessionId: string;
  deaf: boolean;
  mute: boolean;
  selfDeaf: boolean;
  selfMute: boolean;
  selfVideo: boolean;
  selfStream: boolean;
  suppress: boolean;
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  icon: string | null;
  preferredLocale: string;
  systemChannelId: string | null;
  afkChannelId: string | null;
  description: string | null;
  roles: Map<string, RoleRecord>;
  channelIds: Set<string>;
  members: Map<string, MemberRecord>;
  voiceStates: Map<string, VoiceStateRecord>;
}

export interface AttachmentRecord {
  id: string;
  filename: string;
  description: string | null;
  contentType: string | null;
  size: number;
  url: string;
  /** The uploaded bytes, served back at `url`. */
  data: Buffer | null;
}

export interface ReactionRecord {
  emoji: { id: string | null; name: string; animated?: boolean };
  userIds: Set<string>;
}

/** What Discord records on a message sent in answer to an interaction. */
export interface MessageInteractionRecord {
  id: string;
  type: number;
  name: string | null;
  userId: string;
}

export interface MessageRecord {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: AttachmentRecord[];
  flags: number;
  /** Message type: 0 default, 19 reply, 20 chat input command, … */
  type: number;
  timestamp: string;
  editedTimestamp: string | null;
  tts: boolean;
  mentionIds: string[];
  mentionRoleIds: string[];
  mentionEveryone: boolean;
  pinned: boolean;
  reactions: Map<string, ReactionRecord>;
  webhookId: string | null;
  applicationId: string | null;
  interaction: MessageInteractionRecord | null;
  referencedMessageId: string | null;
  nonce: string | number | null;
  /** Ephemeral messages exist only for the interaction's user: never listed in the channel. */
  ephemeral: boolean;
}

export interface CommandRecord {
  id: string;
  applicationId: string;
  guildId: string | null;
  /** The command as registered (validated shape, snake_case as on the wire, minus ids). */
  definition: CommandDefinition;
  version: string;
}

export interface CommandOptionDefinition {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  choices?: { name: string; value: string | number }[];
  options?: CommandOptionDefinition[];
  channel_types?: number[];
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
  autocomplete?: boolean;
  [key: string]: unknown;
}

export interface CommandDefinition {
  name: string;
  type: number;
  description: string;
  options: CommandOptionDefinition[];
  default_member_permissions: string | null;
  nsfw: boolean;
  contexts: number[] | null;
  integration_types: number[];
  [key: string]: unknown;
}
