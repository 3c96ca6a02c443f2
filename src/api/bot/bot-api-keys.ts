import { createHash, timingSafeEqual } from 'node:crypto';

/** What a request's `Authorization` header amounts to. */
export type BotKeyVerdict = 'disabled' | 'missing' | 'wrong' | 'valid';

const digest = (key: string) => createHash('sha256').update(key).digest();

/**
 * The keys of BOT_API_KEYS, checked in constant time: the given key and every configured one
 * are hashed to 32 bytes first (so lengths don't show), and every key is compared, so neither
 * the time nor which key matched tells anything.
 */
export class BotApiKeys {
  readonly #digests: Buffer[];

  constructor(keys: readonly string[] | undefined) {
    this.#digests = (keys ?? []).map(digest);
  }

  get enabled(): boolean {
    return this.#digests.length > 0;
  }

  /** Judges an `Authorization: Bearer <key>` header value. */
  verify(authorization: string | undefined): BotKeyVerdict {
    if (!this.enabled) return 'disabled';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1]) return 'missing';
    const given = digest(match[1]);
    let valid = false;
    for (const known of this.#digests) valid = timingSafeEqual(given, known) || valid;
    return valid ? 'valid' : 'wrong';
  }
}
