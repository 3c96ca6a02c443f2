/**
 * Discord emulator: Discord's REST v10, gateway v10 and OAuth2 on one local port, for running the bot
 * and panel end to end with unmodified discord.js. See docs/emulator.md.
 */
export { DiscordControl } from './control/control.ts';
export { CONTROL_OPERATIONS, type ControlOperation } from './control/routes.ts';
export type { ControlInput } from './control/schemas.ts';
export { DEFAULT_BOT_PERMISSIONS, WorldSetupControl } from './control/world-setup.ts';
export type { DemoWorld } from './demo.ts';
export type { BotAnswer, InteractionTiming } from './domain/interactions.ts';
export { InteractionNotAnswered } from './domain/interactions.ts';
export type { TokenResponse } from './domain/oauth.ts';
export {
  type DiscordEmulator,
  type DiscordEmulatorOptions,
  type EmulatorDescription,
  startDiscordEmulator,
} from './emulator.ts';
export { DiscordApiError, EmulatorUsageError } from './errors.ts';
export type { SessionInfo } from './gateway/session.ts';
export { ApplicationFlag, Intent } from './intents.ts';
export {
  ALL_PERMISSIONS,
  basePermissions,
  channelPermissions,
  hasPermissions,
  Permission,
  type PermissionName,
  permissionNames,
} from './permissions.ts';
export type { RequestLogEntry } from './rest/rate-limit.ts';
export { shardOf } from './snowflake.ts';
export {
  PlaceholderVoiceServer,
  type VoiceAllocation,
  type VoiceAllocationRequest,
  type VoiceServerPort,
} from './voice-port.ts';
