export { connectDiscordClient, type DiscordConnection } from './discord-client.ts';
export { gatewayRole } from './gateway-role.ts';
