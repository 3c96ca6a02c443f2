/** Why the guard refused or gave up on a URL: the identifier is the contract, `detail` is for logs. */
export type NetGuardErrorCode = 'URL_NOT_ALLOWED' | 'URL_UNLOADABLE';

const USER_MESSAGES: Record<NetGuardErrorCode, string> = {
  URL_NOT_ALLOWED: 'This URL is not allowed.',
  URL_UNLOADABLE: 'The URL could not be loaded.',
};

/**
 * A refusal by the outgoing-request guard. `message` is the generic sentence a user may see —
 * it never says which address, port or rule was involved, so replies cannot be used to map a
 * private network. `detail` holds that for the log.
 */
export class NetGuardError extends Error {
  readonly code: NetGuardErrorCode;
  readonly detail: string;

  constructor(code: NetGuardErrorCode, detail: string) {
    super(USER_MESSAGES[code]);
    this.name = 'NetGuardError';
    this.code = code;
    this.detail = detail;
  }
}

/** The guard's error anywhere in a chain of causes (undici wraps what a `lookup` throws). */
export function findNetGuardError(error: unknown): NetGuardError | null {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth += 1) {
    if (current instanceof NetGuardError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
