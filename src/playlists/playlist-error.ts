/**
 * Expected refusals of a playlist operation. The code is the contract: the gateway renders
 * `error.<code>` from the catalog with `params`, so every code has a message key.
 */
export const playlistErrorCodes = [
  'PLAYLIST_NOT_FOUND',
  'PLAYLIST_EXISTS',
  'PLAYLIST_EMPTY',
  'PLAYLIST_FULL',
  'PLAYLIST_LIMIT',
  'PLAYLIST_BAD_NAME',
  'PLAYLIST_BAD_POSITION',
  'QUEUE_EMPTY',
] as const;
export type PlaylistErrorCode = (typeof playlistErrorCodes)[number];

export class PlaylistError extends Error {
  constructor(
    readonly code: PlaylistErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`);
    this.name = 'PlaylistError';
  }
}

export function isPlaylistError(error: unknown): error is PlaylistError {
  return error instanceof PlaylistError;
}
