import type { Config } from './schema.ts';

/** Variables whose whole value is a secret (BOT_API_KEYS: each comma-separated key). */
export const SECRET_VARIABLES = [
  'SECRET_KEY',
  'DISCORD_TOKEN',
  'DISCORD_CLIENT_SECRET',
  'AUDIO_PASSWORD',
  'BOT_API_KEYS',
  'SPOTIFY_CLIENT_SECRET',
  'APPLE_MUSIC_TOKEN',
] as const;

const MASK = '***';
/** Shorter values are left to the URL rule: masking every "pw" in a message would garble it. */
const MIN_MASKED_LENGTH = 3;

/** `scheme://user:password@` — the password part of any URL written in a text. */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*):[^\s/?#@]*@/gi;

/** Masks the password of every URL with credentials in `text` (`postgres://u:***@host/db`). */
export function redactUrlPasswords(text: string): string {
  return text.replace(URL_PASSWORD, `$1:${MASK}@`);
}

/** The passwords of the URLs in `value` (one URL or a comma-separated list), raw and decoded. */
function urlPasswordsIn(value: string): string[] {
  const found: string[] = [];
  for (const match of value.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:,]*:([^\s/?#@,]*)@/gi)) {
    const password = match[1] ?? '';
    found.push(password);
    try {
      found.push(decodeURIComponent(password));
    } catch {
      // A malformed escape: the raw form is masked, which is what a message would show.
    }
  }
  return found;
}

/**
 * The secret values in a raw environment: the whole value of each secret variable, and the
 * password of every URL in any variable (DATABASE_URL, REDIS_URL, LAVALINK_NODES…).
 */
export function secretsOfEnvironment(env: Record<string, string | undefined>): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if ((SECRET_VARIABLES as readonly string[]).includes(name)) {
      secrets.push(value.trim(), ...value.split(',').map((part) => part.trim()));
    }
    secrets.push(...urlPasswordsIn(value));
  }
  return secrets;
}

/** The secret values of a validated configuration (the same ones, in their parsed form). */
export function secretsOfConfig(config: Config): string[] {
  const secrets = [
    config.SECRET_KEY,
    config.DISCORD_TOKEN,
    config.DISCORD_CLIENT_SECRET,
    config.AUDIO_PASSWORD,
    ...(config.BOT_API_KEYS ?? []),
    ...(config.LAVALINK_NODES ?? []).map((node) => node.password),
    ...urlPasswordsIn(config.DATABASE_URL ?? ''),
    ...urlPasswordsIn(config.REDIS_URL ?? ''),
  ];
  return secrets.filter((secret): secret is string => secret !== undefined);
}

/**
 * `text` with every URL password and every one of `secrets` masked: for lines an operator
 * reads (configuration errors, doctor) that may quote a value or a driver's error message.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let redacted = redactUrlPasswords(text);
  const masked = [...new Set(secrets)]
    .filter((secret) => secret.length >= MIN_MASKED_LENGTH && secret !== MASK)
    // Longest first, so a key is not half-masked by a shorter secret inside it.
    .sort((a, b) => b.length - a.length);
  for (const secret of masked) redacted = redacted.replaceAll(secret, MASK);
  return redacted;
}

/**
 * The 32 bytes of a SECRET_KEY written as 64 hex digits or as base64/base64url (43 characters,
 * with or without the final `=`), or null when it is neither. A passphrase is refused on
 * purpose: a key must be random, and every process must decode it to the same bytes.
 */
export function decodeSecretKey(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(value) || /^[A-Za-z0-9_-]{43}=?$/.test(value)) {
    const bytes = Buffer.from(
      value.replace(/=$/, ''),
      value.includes('-') || value.includes('_') ? 'base64url' : 'base64',
    );
    return bytes.length === 32 ? bytes : null;
  }
  return null;
}
