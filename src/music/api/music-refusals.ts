import { BusCommandError, BusNoHandlerError, BusTimeoutError, BusUnavailableError } from '../../bus/index.ts';
import { GUILD_NOT_HERE } from '../../gateway/contract.ts';
import { ApiError } from '../../http/index.ts';
import { translator } from '../../i18n/index.ts';
import type { MusicErrorCode } from '../music-error.ts';

/**
 * The HTTP status of each music refusal. A Record over every code, so a code added to the
 * music module fails the typecheck here until it has a status.
 *  - 403: the rules forbid it to this user (DJ only).
 *  - 404: the thing asked for does not exist (no player, nothing found).
 *  - 409: the player or the user is not in a state that allows it (not in voice, queue full).
 *  - 400: the request's values don't fit (a position or time out of range, an unknown preset).
 *  - 429: the user is adding tracks too fast; `Retry-After` says when to try again.
 *  - 503: the audio node can't be reached; retrying later may work.
 */
const statusOfMusicError: Record<MusicErrorCode, number> = {
  DJ_ONLY: 403,
  NO_PLAYER: 404,
  NO_MATCHES: 404,
  NOT_IN_VOICE: 409,
  NOT_SAME_VOICE: 409,
  NOTHING_PLAYING: 409,
  QUEUE_FULL: 409,
  NOT_SEEKABLE: 409,
  NOTHING_BEFORE: 409,
  CANNOT_JOIN: 409,
  ALREADY_VOTED: 409,
  WRONG_VOICE_CHANNEL: 409,
  WRONG_TEXT_CHANNEL: 403,
  LOAD_FAILED: 400,
  TRACK_TOO_LONG: 400,
  SEEK_OUT_OF_RANGE: 400,
  BAD_POSITION: 400,
  PAGE_OUT_OF_RANGE: 400,
  UNKNOWN_PRESET: 400,
  ADD_RATE_LIMITED: 429,
  AUDIO_UNAVAILABLE: 503,
};

const english = translator('en');

/** The bot's own wording, minus Discord's channel mentions, which a web page can't render. */
function messageOf(code: MusicErrorCode, params: Record<string, string | number>): string {
  return english(`error.${code}`, params)
    .replace(/<#(\d+)>/g, 'channel $1')
    .trim();
}

function isMusicErrorCode(code: string): code is MusicErrorCode {
  return Object.hasOwn(statusOfMusicError, code);
}

/**
 * Turns a failed music bus request into the API's answer: the gateway's refusal code becomes
 * `error` (with its parameters as `details`), an unreachable gateway becomes 503
 * GATEWAY_UNAVAILABLE. Anything else is not an expected failure and is rethrown (→ 500).
 */
export function apiErrorOfMusicFailure(error: unknown): unknown {
  if (error instanceof BusCommandError) {
    const params = isParams(error.details) ? error.details : {};
    if (isMusicErrorCode(error.code)) {
      return new ApiError(statusOfMusicError[error.code], error.code, messageOf(error.code, params), params);
    }
    if (error.code === 'NOT_A_MEMBER') {
      return new ApiError(
        403,
        'NOT_A_MEMBER',
        'You are not a member of this server on Discord, so the bot can’t act for you there.',
      );
    }
    if (error.code === GUILD_NOT_HERE) {
      return new ApiError(404, 'GUILD_NOT_FOUND', 'The bot is not in this server.');
    }
    return error;
  }
  if (
    error instanceof BusNoHandlerError ||
    error instanceof BusTimeoutError ||
    error instanceof BusUnavailableError
  ) {
    return new ApiError(
      503,
      'GATEWAY_UNAVAILABLE',
      error instanceof BusTimeoutError
        ? 'The bot did not answer in time; try again shortly (a change may still take effect: reload the queue to see).'
        : 'The bot is not connected to Discord right now (no gateway answered); try again shortly.',
      { reason: error.code },
    );
  }
  return error;
}

/**
 * Seconds to send as `Retry-After` with a refusal that says when to try again (ADD_RATE_LIMITED
 * carries `retryAfterSeconds`), else null.
 */
export function retryAfterOfRefusal(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.code !== 'ADD_RATE_LIMITED') return null;
  const seconds = (error.details as Record<string, unknown> | undefined)?.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : null;
}

function isParams(value: unknown): value is Record<string, string | number> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string' || typeof v === 'number')
  );
}
