import type { z } from 'zod';
import { LavalinkHttpError } from '../lavalink-error.ts';

/**
 * Parses a request part with a zod schema.
 *
 * @throws LavalinkHttpError 400 whose message names each offending field, e.g.
 *   `invalid player update: volume: Too big: expected number to be <=1000`.
 */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    return field ? `${field}: ${issue.message}` : issue.message;
  });
  throw new LavalinkHttpError(400, `invalid ${what}: ${problems.join('; ')}`);
}
