import { type LavalinkException, severitySchema } from '../../lavalink/index.ts';

/**
 * Turns whatever a source or engine threw into Lavalink's Exception object. Sources throw
 * "LavalinkException-like" errors (with `severity`); anything else is a `fault`, Lavalink's
 * default for causes nobody anticipated. `cause` reads like Java's `Throwable.toString()`.
 */
export function exceptionOf(error: unknown, fallbackMessage = 'Something went wrong'): LavalinkException {
  if (!(error instanceof Error)) {
    return { message: fallbackMessage, severity: 'fault', cause: String(error) };
  }
  const severity = severitySchema.safeParse((error as { severity?: unknown }).severity);
  const cause = (error as { cause?: unknown }).cause;
  return {
    message: error.message || fallbackMessage,
    severity: severity.success ? severity.data : 'fault',
    cause: describeCause(cause) ?? `${error.name}: ${error.message}`,
  };
}

function describeCause(cause: unknown): string | undefined {
  if (typeof cause === 'string' && cause !== '') return cause;
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return undefined;
}
