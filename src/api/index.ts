export { SETTINGS_UPDATED_TOPIC, type SettingsUpdatedEvent } from '../settings/index.ts';
export { apiRole } from './api-role.ts';
// Sealing of stored outside-service tokens (history links, #15), as the Discord tokens are.
export { TokenCipher, TokenUnreadable, tokenCipherFor } from './auth/token-cipher.ts';
export { ApiError, type ApiErrorBody } from './errors.ts';
export { publicUrlOf } from './panel.ts';
export { defaultRateLimits, type RateLimitTier, type RateLimitTiers } from './plugins/security.ts';
export { type ApiServerContext, type ApiServerOptions, buildApiServer } from './server.ts';
