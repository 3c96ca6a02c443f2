/**
 * What a panel route is built with, whichever capability brings it: the error a route raises
 * on purpose, the shared response and parameter schemas, the caller's session and the rate
 * limit tiers. The api role renders errors and runs the session hooks; routes only use these.
 */
export { ApiError } from './api-error.ts';
export { errorResponses, guildGuardErrors, guildParamsSchema, snowflakeSchema } from './contract.ts';
export type { RateLimitTier, RateLimitTiers } from './rate-limit.ts';
export type { PanelSession } from './request-context.ts';
export { requireSession } from './session.ts';
