import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a signature's timestamp may be from now, either way. */
export const CRON_SIGNATURE_TOLERANCE_MS = 5 * 60_000;
/** Most signatures remembered at once; more than this within five minutes is not a cron. */
const MAX_REMEMBERED = 10_000;

export type CronSignatureVerdict = 'ok' | 'missing' | 'malformed' | 'stale' | 'mismatch' | 'replayed';

/** The header value for `body` at `unixSeconds`: `t=<unix>,v1=<hex hmac-sha256(key, "<t>.<body>")>`. */
export function signCronRequest(key: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${hmac(key, unixSeconds, body)}`;
}

const hmac = (key: string, t: number | string, body: string) =>
  createHmac('sha256', key).update(`${t}.${body}`).digest('hex');

/**
 * Checks `X-Gramophone-Signature` the way Stripe's webhooks are checked: an HMAC over the
 * timestamp and the raw body, a timestamp within five minutes, and each signature accepted once.
 * The seen signatures are kept in this process only (a bounded map pruned past the window): a
 * replay to ANOTHER api instance within five minutes is not caught (docs/security.md).
 */
export class CronSignatureVerifier {
  readonly #seen = new Map<string, number>();

  constructor(
    private readonly key: string,
    private readonly now: () => number = Date.now,
  ) {}

  verify(header: string | undefined, body: string): CronSignatureVerdict {
    if (!header) return 'missing';
    const fields = new Map(
      header.split(',').map((part) => {
        const at = part.indexOf('=');
        return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
      }),
    );
    const t = fields.get('t');
    const given = fields.get('v1');
    if (!t || !/^\d{1,12}$/.test(t) || !given || !/^[0-9a-f]{64}$/.test(given)) return 'malformed';
    const now = this.now();
    if (Math.abs(now - Number(t) * 1000) > CRON_SIGNATURE_TOLERANCE_MS) return 'stale';
    const expected = Buffer.from(hmac(this.key, t, body), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(given, 'hex'))) return 'mismatch';
    this.#prune(now);
    if (this.#seen.has(given)) return 'replayed';
    if (this.#seen.size >= MAX_REMEMBERED) {
      // Full of fresh signatures: drop the oldest rather than grow (insertion order = age).
      const oldest = this.#seen.keys().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    this.#seen.set(given, Number(t) * 1000 + CRON_SIGNATURE_TOLERANCE_MS);
    return 'ok';
  }

  #prune(now: number): void {
    for (const [signature, forgetAt] of this.#seen) if (forgetAt < now) this.#seen.delete(signature);
  }
}
