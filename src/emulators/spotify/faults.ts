/** Which requests a fault applies to: the Web API (`/v1/…`), the accounts service, or both. */
export type FaultTarget = 'api' | 'accounts' | 'all';

/** A disturbance queued by the control API for the next matching requests. */
export type Fault =
  | { kind: 'rateLimit'; retryAfterS: number }
  | { kind: 'serverError'; status: 500 | 502 | 503 }
  | { kind: 'delay'; ms: number };

interface QueuedFault {
  fault: Fault;
  target: FaultTarget;
  remaining: number;
}

/** One request as the emulator saw it. */
export interface SpotifyRequestLogEntry {
  method: string;
  /** The route (`GET /v1/tracks/:id`), so counts group by endpoint. */
  endpoint: string;
  url: string;
  /** The user whose token made it (Web API requests with a user token), else null. */
  userId: string | null;
  status: number;
}

/**
 * Faults answer the next K matching requests before any real handling, in the order queued;
 * a delay then lets the request proceed normally.
 */
export class FaultQueue {
  readonly #queue: QueuedFault[] = [];

  add(fault: Fault, count: number, target: FaultTarget): void {
    this.#queue.push({ fault, target, remaining: count });
  }

  clear(): void {
    this.#queue.length = 0;
  }

  /** Takes the next fault for a request to `path`, if one is queued for it. */
  take(path: string): Fault | null {
    const area = path.startsWith('/v1/') ? 'api' : 'accounts';
    const index = this.#queue.findIndex((q) => q.target === 'all' || q.target === area);
    const queued = this.#queue[index];
    if (!queued) return null;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.#queue.splice(index, 1);
    return queued.fault;
  }

  get pending(): number {
    return this.#queue.reduce((sum, q) => sum + q.remaining, 0);
  }
}

/** Spotify's messages for the statuses a fault answers with. */
export const FAULT_MESSAGES: Record<number, string> = {
  429: 'API rate limit exceeded',
  500: 'Server error.',
  502: 'Bad gateway.',
  503: 'Service unavailable',
};
