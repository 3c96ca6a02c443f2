import { ApiError } from '../errors.ts';
import { classifyRefusal } from './refusals.ts';

/** How long a control call may take: a slash command waits for the bot (10 s answer window). */
const CONTROL_TIMEOUT_MS = 20_000;

/**
 * The sandbox emulator's control API over HTTP (`POST <controlUrl>/<operation>`, JSON). Its
 * refusals become API errors: 400 SANDBOX_REFUSED with the emulator's reason as the message and
 * its kind in `details` (`RefusalDetails`: a missing option, a user without CONNECT…), 504 BOT_DID_NOT_ANSWER, 502 SANDBOX_UNAVAILABLE when it can't be
 * reached.
 */
export class EmulatorControlClient {
  constructor(private readonly controlUrl: string) {}

  /** The emulator's `describe()`: URLs, the bot, the demo guild's ids. */
  describe<T>(): Promise<T> {
    return this.request<T>('GET', 'describe');
  }

  /** Runs one control operation. */
  call<T>(operation: string, body: Record<string, unknown> = {}): Promise<T> {
    return this.request<T>('POST', operation, body);
  }

  private async request<T>(
    method: 'GET' | 'POST',
    operation: string,
    body?: Record<string, unknown>,
  ): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.controlUrl}/${operation}`, {
        method,
        ...(body === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(CONTROL_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ApiError(
        502,
        'SANDBOX_UNAVAILABLE',
        `The sandbox's Discord emulator could not be reached: ${(error as Error).message}`,
      );
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (response.ok) return parsed as T;
    const reason = describeFailure(parsed) ?? `HTTP ${response.status}`;
    if (response.status === 504) {
      throw new ApiError(504, 'BOT_DID_NOT_ANSWER', `The bot did not answer: ${reason}`);
    }
    if (response.status >= 400 && response.status < 500) {
      throw new ApiError(400, 'SANDBOX_REFUSED', reason, classifyRefusal(reason));
    }
    throw new ApiError(502, 'SANDBOX_UNAVAILABLE', `The sandbox's Discord emulator failed: ${reason}`);
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** The emulator's `{ error }` or `{ error, issues }`, as one sentence. */
function describeFailure(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { error, issues } = body as { error?: unknown; issues?: unknown };
  if (typeof error !== 'string') return undefined;
  if (!Array.isArray(issues) || issues.length === 0) return error;
  const details = issues
    .map((issue: { path?: unknown[]; message?: string }) =>
      [Array.isArray(issue.path) ? issue.path.join('.') : '', issue.message ?? ''].filter(Boolean).join(': '),
    )
    .join('; ');
  return `${error}: ${details}`;
}
