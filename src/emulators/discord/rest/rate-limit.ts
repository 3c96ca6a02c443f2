import { createHash, randomUUID } from 'node:crypto';
import { type DiscordApiError, rateLimitedError } from '../errors.ts';

/** A switched-on 429, for a route or for everything (global). */
export interface RateLimitRule {
  id: string;
  /** `METHOD /pattern` or `/pattern` (any method), patterns as in `routes()`; null with `global`. */
  route: string | null;
  global: boolean;
  retryAfterSeconds: number;
  /** How many more requests get the 429 (null: until `until`). */
  remaining: number | null;
  /** Epoch ms after which the rule stops (null: until `remaining` runs out). */
  until: number | null;
}

export interface RateLimitRuleInput {
  route?: string | null;
  global?: boolean;
  retryAfterSeconds: number;
  times?: number;
  durationMs?: number;
}

/** One request as the emulator received it. */
export interface RequestLogEntry {
  /** Epoch milliseconds with sub-millisecond precision. */
  at: number;
  method: string;
  /** `METHOD /pattern`, e.g. `POST /channels/:channelId/messages`. */
  route: string;
  url: string;
  status: number;
}

interface Bucket {
  count: number;
  resetAt: number;
}

const LOG_SIZE = 5_000;
const MAX_BUCKETS = 10_000;

/**
 * Rate-limit headers on every response (a real per-route bucket of `perSecond` requests per second),
 * switchable 429s for tests, and a log of the requests received.
 */
export class RateLimiter {
  private rules: RateLimitRule[] = [];
  private readonly buckets = new Map<string, Bucket>();
  private readonly entries: RequestLogEntry[] = [];

  constructor(private readonly perSecond: number) {}

  /** Switches a 429 on; returns its id. */
  add(input: RateLimitRuleInput): RateLimitRule {
    const rule: RateLimitRule = {
      id: randomUUID(),
      route: input.global ? null : normaliseRoute(input.route ?? ''),
      global: input.global ?? false,
      retryAfterSeconds: input.retryAfterSeconds,
      remaining: input.times ?? (input.durationMs === undefined ? 1 : null),
      until: input.durationMs === undefined ? null : Date.now() + input.durationMs,
    };
    if (!rule.global && !rule.route) throw new Error('a rate limit needs a route or global: true');
    this.rules.push(rule);
    return rule;
  }

  clear(): void {
    this.rules = [];
  }

  /** The 429 a switched-on rule imposes on this request, if any (consumes one of its times). */
  forced(route: string, globalEligible: boolean): DiscordApiError | null {
    const now = Date.now();
    this.rules = this.rules.filter(
      (r) => (r.remaining === null || r.remaining > 0) && (r.until === null || r.until > now),
    );
    const rule = this.rules.find((r) => (r.global ? globalEligible : matches(r.route ?? '', route)));
    if (!rule) return null;
    if (rule.remaining !== null) rule.remaining -= 1;
    return rateLimitedError(rule.retryAfterSeconds, {
      global: rule.global,
      scope: rule.global ? 'global' : 'user',
      bucket: bucketHash(route),
    });
  }

  /**
   * Counts the request in its bucket (route + major parameter) and returns the headers, or a 429 when
   * the bucket is exhausted.
   */
  consume(
    route: string,
    major: string,
  ): { headers: Record<string, string>; limited: DiscordApiError | null } {
    const key = `${route}|${major}`;
    const now = Date.now();
    // Interaction tokens make a bucket each: forget expired ones so long runs don't grow.
    if (this.buckets.size >= MAX_BUCKETS) {
      for (const [staleKey, stale] of this.buckets) if (stale.resetAt <= now) this.buckets.delete(staleKey);
    }
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.resetAt <= now) {
      bucket = { count: 0, resetAt: now + 1000 };
      this.buckets.set(key, bucket);
    }
    bucket.count += 1;
    const resetAfter = Math.max(0, (bucket.resetAt - now) / 1000);
    const headers = {
      'X-RateLimit-Limit': String(this.perSecond),
      'X-RateLimit-Remaining': String(Math.max(0, this.perSecond - bucket.count)),
      'X-RateLimit-Reset': (bucket.resetAt / 1000).toFixed(3),
      'X-RateLimit-Reset-After': resetAfter.toFixed(3),
      'X-RateLimit-Bucket': bucketHash(route),
    };
    if (bucket.count <= this.perSecond) return { headers, limited: null };
    const limited = rateLimitedError(Number(resetAfter.toFixed(3)), { global: false, scope: 'user' });
    return { headers, limited };
  }

  record(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > LOG_SIZE) this.entries.shift();
  }

  /** Requests received, oldest first, optionally only one route (`METHOD /pattern` or `/pattern`). */
  requests(route?: string): RequestLogEntry[] {
    if (!route) return [...this.entries];
    const wanted = normaliseRoute(route);
    return this.entries.filter((e) => matches(wanted, e.route));
  }
}

function normaliseRoute(route: string): string {
  return route.trim().replace(/\s+/, ' ');
}

function matches(rule: string, route: string): boolean {
  return rule.startsWith('/') ? route.slice(route.indexOf(' ') + 1) === rule : rule === route;
}

function bucketHash(route: string): string {
  return createHash('sha1').update(route).digest('hex').slice(0, 16);
}
