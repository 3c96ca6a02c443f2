/**
 * Expected refusals of a music operation. The code is the contract (the bot renders it as a
 * localised ephemeral reply, the panel as `{ error: code, message }`); `params` fill the
 * message in.
 */
export const musicErrorCodes = [
  'NOT_IN_VOICE',
  'NOT_SAME_VOICE',
  'NO_PLAYER',
  'NOTHING_PLAYING',
  'QUEUE_FULL',
  'NO_MATCHES',
  'LOAD_FAILED',
  'TRACK_TOO_LONG',
  'DJ_ONLY',
  'SEEK_OUT_OF_RANGE',
  'NOT_SEEKABLE',
  'BAD_POSITION',
  'PAGE_OUT_OF_RANGE',
  'NOTHING_BEFORE',
  'AUDIO_UNAVAILABLE',
  'CANNOT_JOIN',
  'ALREADY_VOTED',
  'UNKNOWN_PRESET',
  'ADD_RATE_LIMITED',
  // Channel restrictions (issue 14): the guild's music text or voice channel.
  'WRONG_TEXT_CHANNEL',
  'WRONG_VOICE_CHANNEL',
] as const;
export type MusicErrorCode = (typeof musicErrorCodes)[number];

export class MusicError extends Error {
  constructor(
    readonly code: MusicErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`);
    this.name = 'MusicError';
  }
}

export function isMusicError(error: unknown): error is MusicError {
  return error instanceof MusicError;
}
