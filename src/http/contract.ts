import { z } from 'zod';
import { errorBodySchema } from '../api/contract.ts';

/*
 * The shared response and parameter schemas of panel routes. Browser-clean (zod and the api's
 * contract only): the sandbox contract, which the dashboard imports, uses them.
 */

/** Response schemas for the given error statuses, all in the one error shape. */
export function errorResponses<const S extends number>(...statuses: S[]): Record<S, typeof errorBodySchema> {
  return Object.fromEntries(statuses.map((status) => [status, errorBodySchema])) as Record<
    S,
    typeof errorBodySchema
  >;
}

/** A Discord id (snowflake) in a path or body. */
export const snowflakeSchema = z.string().regex(/^\d{15,21}$/, { error: 'must be a Discord id' });

export const guildParamsSchema = z.object({ guildId: snowflakeSchema });

/** Every route under `/api/guilds/:guildId` can answer these, from the guild access guard. */
export const guildGuardErrors = errorResponses(400, 401, 403, 404, 429);
