import { type Guild, type GuildMember, PermissionFlagsBits, type PermissionsBitField } from 'discord.js';

/** Who is acting, as the gateway sees them in the guild (from a slash command or the panel). */
export interface Actor {
  userId: string;
  /** The voice channel the user is in, if any. */
  voiceChannelId: string | null;
  roleIds: readonly string[];
  /** Holds MANAGE_GUILD (or ADMINISTRATOR, or owns the guild). */
  canManageGuild: boolean;
}

/** The acting user as the capabilities' rules see them, from discord.js's cache. */
export function actorFromMember(guild: Guild, member: GuildMember): Actor {
  return {
    userId: member.id,
    voiceChannelId: guild.voiceStates.cache.get(member.id)?.channelId ?? null,
    roleIds: [...member.roles.cache.keys()],
    canManageGuild: canManage(guild, member.id, member.permissions),
  };
}

/** For an interaction whose member may come as raw API data. */
export function actorFromInteraction(
  guild: Guild,
  userId: string,
  member: GuildMember | { roles: string[] } | null,
  permissions: Readonly<PermissionsBitField> | null,
): Actor {
  const roleIds =
    member && 'roles' in member && Array.isArray(member.roles)
      ? member.roles
      : member
        ? [...(member as GuildMember).roles.cache.keys()]
        : [];
  return {
    userId,
    voiceChannelId: guild.voiceStates.cache.get(userId)?.channelId ?? null,
    roleIds,
    canManageGuild: canManage(guild, userId, permissions),
  };
}

function canManage(guild: Guild, userId: string, permissions: Readonly<PermissionsBitField> | null): boolean {
  if (guild.ownerId === userId) return true;
  return permissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
}
