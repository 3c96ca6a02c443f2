/**
 * Last.fm's error codes (the official method pages) with the messages it sends, and the HTTP
 * status it tends to use; `lastfm-docs/docs/codes.md` warns the status is unreliable, which the
 * emulator can reproduce by answering every error with 200.
 */
export const LASTFM_ERRORS = {
  2: { message: 'Invalid service - This service does not exist', status: 400 },
  3: { message: 'Invalid Method - No method with that name in this package', status: 400 },
  4: { message: 'Invalid authentication token supplied', status: 403 },
  5: { message: 'Invalid format - This service doesn\u2019t exist in that format', status: 400 },
  6: { message: 'Invalid parameters - Your request is missing a required parameter', status: 400 },
  8: { message: 'Operation failed - Most likely the backend service failed. Please try again.', status: 500 },
  9: { message: 'Invalid session key - Please re-authenticate', status: 403 },
  10: { message: 'Invalid API key - You must be granted a valid key by last.fm', status: 403 },
  11: { message: 'Service Offline - This service is temporarily offline. Try again later.', status: 503 },
  13: { message: 'Invalid method signature supplied', status: 403 },
  14: { message: 'Unauthorized Token - This token has not been authorized', status: 403 },
  15: { message: 'This token has expired', status: 403 },
  16: { message: 'There was a temporary error processing your request. Please try again', status: 503 },
  26: {
    message: 'Suspended API key - Access for your account has been suspended, please contact Last.fm',
    status: 403,
  },
  29: { message: 'Rate Limit Exceeded - Your IP has made too many requests in a short period', status: 429 },
} as const;

export type LastFmErrorCode = keyof typeof LASTFM_ERRORS;

/** `{"error":N,"message":"…"}`, or `<lfm status="failed"><error code="N">…</error></lfm>` without format=json. */
export function errorBody(code: LastFmErrorCode, json: boolean): string {
  const { message } = LASTFM_ERRORS[code];
  if (json) return JSON.stringify({ error: code, message });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<lfm status="failed">\n<error code="${code}">${escapeXml(message)}</error>\n</lfm>\n`;
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
