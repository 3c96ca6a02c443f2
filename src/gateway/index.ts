export { connectDiscordClient, DISCORD_CACHE_SUMMARY, type DiscordConnection } from './discord-client.ts';
export { gatewayRole } from './gateway-role.ts';
export {
  GATEWAY_ADDRESS,
  GUILD_CHANNELS_COMMAND,
  GUILD_NOT_HERE,
  GUILD_ROLES_COMMAND,
  type GuildChannel,
  type GuildResourceRequest,
  type GuildRole,
  guildChannelSchema,
  guildChannelsReplySchema,
  guildRoleSchema,
  guildRolesReplySchema,
  handleGuildResourceCommands,
} from './guild-resources.ts';
