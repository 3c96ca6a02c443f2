export {
  GATEWAY_ADDRESS,
  GUILD_CHANNELS_COMMAND,
  GUILD_MEMBERS_COMMAND,
  GUILD_MEMBERS_MAX,
  GUILD_NOT_HERE,
  GUILD_ROLES_COMMAND,
  type GuildChannel,
  type GuildMember,
  type GuildResourceRequest,
  type GuildRole,
  guildChannelSchema,
  guildChannelsReplySchema,
  guildMemberSchema,
  guildMembersReplySchema,
  guildRoleSchema,
  guildRolesReplySchema,
} from './contract.ts';
export { connectDiscordClient, DISCORD_CACHE_SUMMARY, type DiscordConnection } from './discord-client.ts';
export { gatewayRole } from './gateway-role.ts';
export { handleGuildResourceCommands } from './guild-resources.ts';
