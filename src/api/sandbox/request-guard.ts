import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors.ts';

/**
 * Who may use `/api/sandbox/*`. The sandbox has no login (its demo users are anyone's to play),
 * so it answers only this machine's browser: a loopback `Host` (a DNS-rebound name such as
 * `attacker.example` resolving to 127.0.0.1 keeps its own name in `Host`), no `Origin` but a
 * loopback one (a page elsewhere is refused, reads included), and writes as JSON only (a
 * cross-site form can't send that without a CORS preflight, which this API never grants).
 *
 * With `allowRemote` (SANDBOX_ALLOW_REMOTE=true: the operator exposed the sandbox on purpose) any
 * `Host` is accepted and an `Origin` must name that same host.
 */
export function assertSandboxRequest(request: FastifyRequest, allowRemote: boolean): void {
  const host = request.headers.host;
  if (!allowRemote && !isLoopbackHost(host)) {
    throw new ApiError(
      403,
      'SANDBOX_LOOPBACK_ONLY',
      'The sandbox answers only on localhost, 127.0.0.1 or [::1].',
    );
  }
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const originHost = hostOfOrigin(origin);
    const allowed = allowRemote
      ? originHost !== null && originHost === host
      : isLoopbackHost(originHost ?? undefined);
    if (!allowed) {
      throw new ApiError(403, 'CROSS_ORIGIN', 'Sandbox requests must come from the panel’s own pages.');
    }
  }
  if (SAFE_METHODS.has(request.method)) return;
  if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** localhost, 127.0.0.1 or [::1], with any port. */
export function isLoopbackHost(host: string | undefined): boolean {
  const match = /^(\[[^\]]+\]|[^:]+)(?::\d{1,5})?$/.exec(host?.trim() ?? '');
  return match !== null && LOOPBACK_NAMES.has((match[1] ?? '').toLowerCase());
}

function hostOfOrigin(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : null;
  } catch {
    return null;
  }
}

/**
 * Live audio listeners per client address: each costs an ffmpeg, and one anonymous client must
 * not hold every slot.
 */
export class ListenerSlots {
  private readonly byClient = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly max: number,
    private readonly maxPerClient: number,
  ) {}

  /**
   * Takes a slot for `client`; the returned function gives it back (once).
   *
   * @throws ApiError 429 TOO_MANY_LISTENERS when the server or this client is at its limit.
   */
  take(client: string): () => void {
    if (this.total >= this.max) {
      throw new ApiError(429, 'TOO_MANY_LISTENERS', `At most ${this.max} listeners at a time.`);
    }
    const held = this.byClient.get(client) ?? 0;
    if (held >= this.maxPerClient) {
      throw new ApiError(
        429,
        'TOO_MANY_LISTENERS',
        `At most ${this.maxPerClient} listeners at a time from one address.`,
      );
    }
    this.byClient.set(client, held + 1);
    this.total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total -= 1;
      const left = (this.byClient.get(client) ?? 1) - 1;
      if (left > 0) this.byClient.set(client, left);
      else this.byClient.delete(client);
    };
  }
}
