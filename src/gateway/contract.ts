import { z } from 'zod';

/**
 * The server's channels, roles and members as the gateway reads them from discord.js's cache
 * (bus commands in guild-resources.ts) and the panel's routes pass them on. Browser-clean (zod
 * only): the dashboard imports its types from here.
 */

/**
 * The gateway's bus address: every gateway instance listens on it; the one whose client has
 * the guild answers, one that doesn't replies GUILD_NOT_HERE. Today one gateway process holds
 * every shard, so exactly one instance answers. Capabilities' bus commands use it too.
 */
export const GATEWAY_ADDRESS = 'gateway';
export const GUILD_CHANNELS_COMMAND = 'guild.channels';
export const GUILD_ROLES_COMMAND = 'guild.roles';
export const GUILD_MEMBERS_COMMAND = 'guild.members';
/** BusCommandError code: this gateway instance doesn't have the guild. */
export const GUILD_NOT_HERE = 'GUILD_NOT_HERE';

/** At most this many members per request: a queue page's requesters, not the member list. */
export const GUILD_MEMBERS_MAX = 50;

const snowflake = z.string().regex(/^\d{15,21}$/);

export const guildResourceRequestSchema = z.object({ guildId: snowflake });
export type GuildResourceRequest = z.output<typeof guildResourceRequestSchema>;

export const guildChannelSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(['text', 'voice', 'category']),
  parentId: z.string().nullable(),
  position: z.number().int(),
});
export type GuildChannel = z.output<typeof guildChannelSchema>;

export const guildRoleSchema = z.object({
  id: z.string(),
  name: z.string(),
  color: z.number().int(),
  position: z.number().int(),
  managed: z.boolean(),
});
export type GuildRole = z.output<typeof guildRoleSchema>;

export const guildMembersRequestSchema = guildResourceRequestSchema.extend({
  ids: z.array(snowflake).min(1).max(GUILD_MEMBERS_MAX),
});

export const guildMemberSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  avatarUrl: z.string().nullable(),
  bot: z.boolean(),
});
export type GuildMember = z.output<typeof guildMemberSchema>;

/** Replies of the bus commands, and the panel's `/channels`, `/roles` and `/members` answers. */
export const guildChannelsReplySchema = z.object({ channels: z.array(guildChannelSchema) });
export type GuildChannelsReply = z.output<typeof guildChannelsReplySchema>;
export const guildRolesReplySchema = z.object({ roles: z.array(guildRoleSchema) });
export type GuildRolesReply = z.output<typeof guildRolesReplySchema>;
export const guildMembersReplySchema = z.object({ members: z.array(guildMemberSchema) });
export type GuildMembersReply = z.output<typeof guildMembersReplySchema>;
