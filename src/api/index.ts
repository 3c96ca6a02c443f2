export { SETTINGS_UPDATED_TOPIC, type SettingsUpdatedEvent } from '../settings/index.ts';
export { apiRole } from './api-role.ts';
export { ApiError, type ApiErrorBody } from './errors.ts';
export { publicUrlOf } from './panel.ts';
export { defaultRateLimits, type RateLimitTier, type RateLimitTiers } from './plugins/security.ts';
export { type ApiServerContext, type ApiServerOptions, buildApiServer } from './server.ts';
