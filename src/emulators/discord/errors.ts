/**
 * Discord's JSON error: `{ message, code, errors? }` with an HTTP status. Thrown by the domain layer and
 * turned into a response by the REST error handler; the control API lets it through unchanged.
 */
export class DiscordApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: Record<string, unknown>,
    /** Extra headers (e.g. Retry-After on a 429). */
    readonly headers?: Record<string, string>,
    /** Extra body fields (e.g. retry_after, global on a 429). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DiscordApiError';
  }

  /** The JSON body Discord answers with. */
  body(): Record<string, unknown> {
    return {
      message: this.message,
      ...(this.status === 429 ? {} : { code: this.code }),
      ...(this.errors ? { errors: this.errors } : {}),
      ...(this.extra ?? {}),
    };
  }
}

const notFound = (code: number, message: string) => () => new DiscordApiError(404, code, message);

/** The errors the emulator raises, named after Discord's JSON error codes. */
export const ApiErrors = {
  unauthorized: () => new DiscordApiError(401, 0, '401: Unauthorized'),
  notFound: () => new DiscordApiError(404, 0, '404: Not Found'),
  unknownApplication: notFound(10002, 'Unknown Application'),
  unknownChannel: notFound(10003, 'Unknown Channel'),
  unknownGuild: notFound(10004, 'Unknown Guild'),
  unknownMember: notFound(10007, 'Unknown Member'),
  unknownMessage: notFound(10008, 'Unknown Message'),
  unknownOverwrite: notFound(10009, 'Unknown Overwrite'),
  unknownRole: notFound(10011, 'Unknown Role'),
  unknownUser: notFound(10013, 'Unknown User'),
  unknownEmoji: notFound(10014, 'Unknown Emoji'),
  unknownWebhook: notFound(10015, 'Unknown Webhook'),
  unknownInteraction: notFound(10062, 'Unknown interaction'),
  unknownCommand: notFound(10063, 'Unknown application command'),
  missingAccess: () => new DiscordApiError(403, 50001, 'Missing Access'),
  missingPermissions: () => new DiscordApiError(403, 50013, 'Missing Permissions'),
  cannotEditOthersMessage: () =>
    new DiscordApiError(403, 50005, 'Cannot edit a message authored by another user'),
  cannotSendEmpty: () => new DiscordApiError(400, 50006, 'Cannot send an empty message'),
  invalidWebhookToken: () => new DiscordApiError(401, 50027, 'Invalid Webhook Token'),
  tooOldToBulkDelete: () =>
    new DiscordApiError(400, 50034, 'You can only bulk delete messages that are under 14 days old.'),
  invalidJson: () => new DiscordApiError(400, 50109, 'The request body contains invalid JSON.'),
  alreadyAcknowledged: () => new DiscordApiError(400, 40060, 'Interaction has already been acknowledged.'),
  notConnectedToVoice: () => new DiscordApiError(400, 40032, 'Target user is not connected to voice.'),
  tooLarge: () => new DiscordApiError(413, 40005, 'Request entity too large'),
  /** 50035 with Discord's nested `errors` object (see `formErrors`). */
  invalidFormBody: (errors: Record<string, unknown>) =>
    new DiscordApiError(400, 50035, 'Invalid Form Body', errors),
} as const;

/** One validation failure inside a 50035 error. */
export interface FormError {
  path: (string | number)[];
  code: string;
  message: string;
}

/**
 * Builds Discord's nested 50035 `errors` object: `{ field: { 0: { _errors: [{ code, message }] } } }`.
 * An empty path puts the error at the top level.
 */
export function formErrors(failures: readonly FormError[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const failure of failures) {
    let node = root;
    for (const key of failure.path) {
      const name = String(key);
      node[name] ??= {};
      node = node[name] as Record<string, unknown>;
    }
    node._errors ??= [];
    (node._errors as { code: string; message: string }[]).push({
      code: failure.code,
      message: failure.message,
    });
  }
  return root;
}

/** A single-field 50035 error, for checks zod can't express (e.g. "parent must be a category"). */
export function fieldError(
  path: (string | number)[],
  message: string,
  code = 'BASE_TYPE_INVALID',
): DiscordApiError {
  return ApiErrors.invalidFormBody(formErrors([{ path, code, message }]));
}

/**
 * A 429 as Discord sends it: `Retry-After` header in seconds (what @discordjs/rest waits on), the scope
 * header, and `{ message, retry_after, global }` in the body.
 */
export function rateLimitedError(
  retryAfterSeconds: number,
  options: { global: boolean; scope: 'user' | 'global' | 'shared'; bucket?: string },
): DiscordApiError {
  const headers: Record<string, string> = {
    'Retry-After': String(retryAfterSeconds),
    'X-RateLimit-Scope': options.scope,
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset-After': String(retryAfterSeconds),
  };
  if (options.global) headers['X-RateLimit-Global'] = 'true';
  return new DiscordApiError(429, 0, 'You are being rate limited.', undefined, headers, {
    retry_after: retryAfterSeconds,
    global: options.global,
  });
}

/**
 * A mistake in how the emulator was driven (control API): unknown command name, option of the wrong
 * type, clicking a button that isn't there. The HTTP control API answers it with 400.
 */
export class EmulatorUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmulatorUsageError';
  }
}
