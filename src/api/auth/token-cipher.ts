import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { type Config, loadSecretKey, SecretKeyRequired, secretKeySource } from '../../config/index.ts';

/** The current format: `v1:<iv>:<ciphertext and tag>`, base64url, AES-256-GCM. */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Raised when a stored value can't be opened: another key, or tampered with. */
export class TokenUnreadable extends Error {
  constructor(reason: string) {
    super(`stored token unreadable (${reason})`);
    this.name = 'TokenUnreadable';
  }
}

/** A value read back: `legacy` when it was stored before encryption (plain text). */
export interface OpenedToken {
  value: string;
  legacy: boolean;
}

/**
 * Seals the panel's Discord tokens for the database with AES-256-GCM (authenticated: a changed
 * byte fails to open). Each value is bound to where it is stored (`context`, e.g. the session
 * id and column), so a sealed token copied to another row or column does not open there.
 * The `v1:` prefix names the format and key generation, so a later rotation can tell them apart.
 */
export class TokenCipher {
  #key: Buffer | undefined;

  /** `key` is read on first use: a key file is only created once there is a token to seal. */
  constructor(private readonly key: () => Buffer) {}

  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#keyBytes(), iv);
    cipher.setAAD(Buffer.from(context));
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}:${iv.toString('base64url')}:${sealed.toString('base64url')}`;
  }

  /**
   * Opens a stored value. A value without a version prefix was stored in plain text by an
   * earlier release: it is returned as `legacy`, for the caller to seal it again.
   */
  open(stored: string, context: string): OpenedToken {
    if (!/^v\d+:/.test(stored)) return { value: stored, legacy: true };
    const [version, iv, sealed] = stored.split(':');
    if (version !== VERSION || !iv || !sealed) throw new TokenUnreadable(`unknown format ${version}`);
    const ivBytes = Buffer.from(iv, 'base64url');
    const bytes = Buffer.from(sealed, 'base64url');
    if (ivBytes.length !== IV_BYTES || bytes.length < TAG_BYTES) throw new TokenUnreadable('truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#keyBytes(), ivBytes);
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return { value: plain.toString('utf8'), legacy: false };
    } catch {
      throw new TokenUnreadable('wrong key or altered');
    }
  }

  #keyBytes(): Buffer {
    this.#key ??= this.key();
    if (this.#key.length !== 32) throw new Error('the token key must be 32 bytes');
    return this.#key;
  }
}

/**
 * The panel's cipher for this configuration. Refuses at once (SecretKeyRequired) when
 * DATABASE_URL is set without SECRET_KEY, so the api fails at start rather than at a login.
 */
export function tokenCipherFor(
  config: Pick<Config, 'SECRET_KEY' | 'DATABASE_URL' | 'DATA_DIR'>,
  logger: Pick<FastifyBaseLogger, 'info' | 'warn'>,
): TokenCipher {
  if (secretKeySource(config).kind === 'missing') throw new SecretKeyRequired();
  return new TokenCipher(() =>
    loadSecretKey(config, {
      onNotice: ({ level, message, path }) => logger[level]({ path }, `panel token encryption: ${message}`),
    }),
  );
}
