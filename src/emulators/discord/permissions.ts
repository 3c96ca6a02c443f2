/** Discord permission bits (https://discord.com/developers/docs/topics/permissions). */
export const Permission = {
  CREATE_INSTANT_INVITE: 1n << 0n,
  KICK_MEMBERS: 1n << 1n,
  BAN_MEMBERS: 1n << 2n,
  ADMINISTRATOR: 1n << 3n,
  MANAGE_CHANNELS: 1n << 4n,
  MANAGE_GUILD: 1n << 5n,
  ADD_REACTIONS: 1n << 6n,
  VIEW_AUDIT_LOG: 1n << 7n,
  PRIORITY_SPEAKER: 1n << 8n,
  STREAM: 1n << 9n,
  VIEW_CHANNEL: 1n << 10n,
  SEND_MESSAGES: 1n << 11n,
  SEND_TTS_MESSAGES: 1n << 12n,
  MANAGE_MESSAGES: 1n << 13n,
  EMBED_LINKS: 1n << 14n,
  ATTACH_FILES: 1n << 15n,
  READ_MESSAGE_HISTORY: 1n << 16n,
  MENTION_EVERYONE: 1n << 17n,
  USE_EXTERNAL_EMOJIS: 1n << 18n,
  VIEW_GUILD_INSIGHTS: 1n << 19n,
  CONNECT: 1n << 20n,
  SPEAK: 1n << 21n,
  MUTE_MEMBERS: 1n << 22n,
  DEAFEN_MEMBERS: 1n << 23n,
  MOVE_MEMBERS: 1n << 24n,
  USE_VAD: 1n << 25n,
  CHANGE_NICKNAME: 1n << 26n,
  MANAGE_NICKNAMES: 1n << 27n,
  MANAGE_ROLES: 1n << 28n,
  MANAGE_WEBHOOKS: 1n << 29n,
  MANAGE_GUILD_EXPRESSIONS: 1n << 30n,
  USE_APPLICATION_COMMANDS: 1n << 31n,
  REQUEST_TO_SPEAK: 1n << 32n,
  MANAGE_EVENTS: 1n << 33n,
  MANAGE_THREADS: 1n << 34n,
  CREATE_PUBLIC_THREADS: 1n << 35n,
  CREATE_PRIVATE_THREADS: 1n << 36n,
  USE_EXTERNAL_STICKERS: 1n << 37n,
  SEND_MESSAGES_IN_THREADS: 1n << 38n,
  USE_EMBEDDED_ACTIVITIES: 1n << 39n,
  MODERATE_MEMBERS: 1n << 40n,
  VIEW_CREATOR_MONETIZATION_ANALYTICS: 1n << 41n,
  USE_SOUNDBOARD: 1n << 42n,
  CREATE_GUILD_EXPRESSIONS: 1n << 43n,
  CREATE_EVENTS: 1n << 44n,
  USE_EXTERNAL_SOUNDS: 1n << 45n,
  SEND_VOICE_MESSAGES: 1n << 46n,
  SEND_POLLS: 1n << 49n,
  USE_EXTERNAL_APPS: 1n << 50n,
  PIN_MESSAGES: 1n << 51n,
  BYPASS_SLOWMODE: 1n << 52n,
} as const;

export type PermissionName = keyof typeof Permission;

/** Every permission bit set: what owners and administrators get. */
export const ALL_PERMISSIONS: bigint = Object.values(Permission).reduce((all, bit) => all | bit, 0n);

/** What Discord gives @everyone in a new guild (chat, voice, reactions, commands). */
export const DEFAULT_EVERYONE_PERMISSIONS: bigint =
  Permission.CREATE_INSTANT_INVITE |
  Permission.ADD_REACTIONS |
  Permission.STREAM |
  Permission.VIEW_CHANNEL |
  Permission.SEND_MESSAGES |
  Permission.EMBED_LINKS |
  Permission.ATTACH_FILES |
  Permission.READ_MESSAGE_HISTORY |
  Permission.MENTION_EVERYONE |
  Permission.USE_EXTERNAL_EMOJIS |
  Permission.CONNECT |
  Permission.SPEAK |
  Permission.USE_VAD |
  Permission.CHANGE_NICKNAME |
  Permission.USE_APPLICATION_COMMANDS |
  Permission.REQUEST_TO_SPEAK |
  Permission.SEND_MESSAGES_IN_THREADS |
  Permission.CREATE_PUBLIC_THREADS |
  Permission.USE_EMBEDDED_ACTIVITIES |
  Permission.SEND_VOICE_MESSAGES |
  Permission.SEND_POLLS |
  Permission.USE_EXTERNAL_APPS;

/** Bits that remain for a member in time-out. */
const TIMED_OUT_ALLOWED = Permission.VIEW_CHANNEL | Permission.READ_MESSAGE_HISTORY;

/** Bits that depend on SEND_MESSAGES in a text channel (Discord's implicit permissions). */
const NEEDS_SEND_MESSAGES =
  Permission.MENTION_EVERYONE |
  Permission.SEND_TTS_MESSAGES |
  Permission.ATTACH_FILES |
  Permission.EMBED_LINKS;

/** The data a permission computation needs about a guild. The @everyone role's id is the guild id. */
export interface PermissionGuild {
  id: string;
  ownerId: string;
  roles: ReadonlyMap<string, { permissions: bigint }>;
}

/** The data a permission computation needs about a member. */
export interface PermissionMember {
  userId: string;
  roleIds: readonly string[];
  /** ISO time until which the member is timed out, if any. */
  communicationDisabledUntil?: string | null;
}

/** A channel permission overwrite: type 0 = role, 1 = member. */
export interface PermissionOverwrite {
  id: string;
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

/** The data a permission computation needs about a channel. */
export interface PermissionChannel {
  /** Channel type; text-like channels (0, 5, 2's text chat aside) get the SEND_MESSAGES implicit rule. */
  type: number;
  overwrites: readonly PermissionOverwrite[];
}

/** Guild-level permissions: owner gets all; @everyone plus every role; ADMINISTRATOR means all. */
export function basePermissions(guild: PermissionGuild, member: PermissionMember, now = Date.now()): bigint {
  if (member.userId === guild.ownerId) return ALL_PERMISSIONS;
  let permissions = guild.roles.get(guild.id)?.permissions ?? 0n;
  for (const roleId of member.roleIds) permissions |= guild.roles.get(roleId)?.permissions ?? 0n;
  if ((permissions & Permission.ADMINISTRATOR) !== 0n) return ALL_PERMISSIONS;
  return isTimedOut(member, now) ? permissions & TIMED_OUT_ALLOWED : permissions;
}

/**
 * Channel-level permissions in Discord's order: base, then the @everyone overwrite, then the union of the
 * member's role overwrites (deny first, then allow), then the member's own overwrite. Without
 * VIEW_CHANNEL nothing remains; without SEND_MESSAGES the message-dependent bits go too.
 */
export function channelPermissions(
  guild: PermissionGuild,
  member: PermissionMember,
  channel: PermissionChannel,
  now = Date.now(),
): bigint {
  if (member.userId === guild.ownerId || hasAdministrator(guild, member)) return ALL_PERMISSIONS;
  let permissions = basePermissions(guild, member, now);
  const everyone = channel.overwrites.find((o) => o.type === 0 && o.id === guild.id);
  if (everyone) permissions = (permissions & ~everyone.deny) | everyone.allow;

  let roleAllow = 0n;
  let roleDeny = 0n;
  for (const overwrite of channel.overwrites) {
    if (overwrite.type === 0 && overwrite.id !== guild.id && member.roleIds.includes(overwrite.id)) {
      roleAllow |= overwrite.allow;
      roleDeny |= overwrite.deny;
    }
  }
  permissions = (permissions & ~roleDeny) | roleAllow;

  const own = channel.overwrites.find((o) => o.type === 1 && o.id === member.userId);
  if (own) permissions = (permissions & ~own.deny) | own.allow;

  if (isTimedOut(member, now)) permissions &= TIMED_OUT_ALLOWED;
  if ((permissions & Permission.VIEW_CHANNEL) === 0n) return 0n;
  if (isTextLike(channel.type) && (permissions & Permission.SEND_MESSAGES) === 0n) {
    permissions &= ~NEEDS_SEND_MESSAGES;
  }
  return permissions;
}

/** True when every bit of `required` is in `permissions`. */
export function hasPermissions(permissions: bigint, required: bigint): boolean {
  return (permissions & required) === required;
}

/** The names of the bits of `required` that `permissions` lacks (for error messages and logs). */
export function missingPermissionNames(permissions: bigint, required: bigint): PermissionName[] {
  return (Object.entries(Permission) as [PermissionName, bigint][])
    .filter(([, bit]) => (required & bit) !== 0n && (permissions & bit) === 0n)
    .map(([name]) => name);
}

/** Parses a permission bit set given as a decimal string, number or bigint (Discord sends strings). */
export function parsePermissions(value: string | number | bigint | null | undefined): bigint {
  if (value === null || value === undefined || value === '') return 0n;
  return BigInt(value);
}

function hasAdministrator(guild: PermissionGuild, member: PermissionMember): boolean {
  let permissions = guild.roles.get(guild.id)?.permissions ?? 0n;
  for (const roleId of member.roleIds) permissions |= guild.roles.get(roleId)?.permissions ?? 0n;
  return (permissions & Permission.ADMINISTRATOR) !== 0n;
}

function isTimedOut(member: PermissionMember, now: number): boolean {
  return member.communicationDisabledUntil ? Date.parse(member.communicationDisabledUntil) > now : false;
}

function isTextLike(type: number): boolean {
  return type === 0 || type === 5;
}

/** The names of the bits set in `permissions`. */
export function permissionNames(permissions: bigint): PermissionName[] {
  return missingPermissionNames(0n, permissions);
}
