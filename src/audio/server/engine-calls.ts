import type { Filters } from '../../lavalink/index.ts';
import { LavalinkHttpError } from '../lavalink-error.ts';

/**
 * Runs an engine call whose input the engine may refuse: the playback engine signals values it
 * cannot use (beyond what the protocol's ranges allow) with a `PlaybackInputError`, which is the
 * client's mistake, so a 400 rather than a 500.
 */
export async function refusedAs400(call: () => unknown): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (error instanceof Error && error.name === 'PlaybackInputError') {
      throw new LavalinkHttpError(400, error.message, true, { cause: error });
    }
    throw error;
  }
}

/** Filters as the engine should apply them: a low-pass smoothing of 1 or less means off. */
export function forEngine(filters: Filters): Filters {
  if (filters.lowPass?.smoothing !== undefined && filters.lowPass.smoothing <= 1) {
    const { lowPass: _off, ...rest } = filters;
    return rest;
  }
  return filters;
}

/** The message of whatever was thrown. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
