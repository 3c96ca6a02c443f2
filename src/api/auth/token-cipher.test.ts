import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretKeyRequired } from '../../config/index.ts';
import { TokenCipher, TokenUnreadable, tokenCipherFor } from './token-cipher.ts';

const aCipher = (key = randomBytes(32)) => new TokenCipher(() => key);
const silent = { info: () => {}, warn: () => {} };

describe('TokenCipher', () => {
  it('seals a token as v1:<iv>:<ciphertext and tag> without the token in it, and opens it again', () => {
    const cipher = aCipher();
    const sealed = cipher.seal('discord-access-token-123', 'sessions:s1:discord_access_token');
    expect(sealed).toMatch(/^v1:[\w-]{16}:[\w-]+$/);
    expect(sealed).not.toContain('discord-access-token-123');
    expect(cipher.open(sealed, 'sessions:s1:discord_access_token')).toEqual({
      value: 'discord-access-token-123',
      legacy: false,
    });
  });

  it('never seals the same token the same way twice', () => {
    const cipher = aCipher();
    expect(cipher.seal('t', 'c')).not.toBe(cipher.seal('t', 'c'));
  });

  it('refuses a value sealed for another row, under another key, or altered', () => {
    const key = randomBytes(32);
    const sealed = aCipher(key).seal('token', 'sessions:a:discord_access_token');
    expect(() => aCipher(key).open(sealed, 'sessions:b:discord_access_token')).toThrow(TokenUnreadable);
    expect(() => aCipher().open(sealed, 'sessions:a:discord_access_token')).toThrow(TokenUnreadable);
    const [version, iv, body] = sealed.split(':') as [string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() =>
      aCipher(key).open(
        `${version}:${iv}:${flipped.toString('base64url')}`,
        'sessions:a:discord_access_token',
      ),
    ).toThrow(TokenUnreadable);
    expect(() => aCipher(key).open('v2:abc:def', 'sessions:a:discord_access_token')).toThrow(TokenUnreadable);
  });

  it('reads a value stored in plain text by an earlier release as legacy', () => {
    expect(aCipher().open('PlainDiscordToken42', 'c')).toEqual({
      value: 'PlainDiscordToken42',
      legacy: true,
    });
  });

  it('refuses to build without SECRET_KEY when DATABASE_URL is set, naming SECRET_KEY', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gramophone-cipher-'));
    try {
      const config = { SECRET_KEY: undefined, DATABASE_URL: 'postgres://u:p@db/g', DATA_DIR: dataDir };
      expect(() => tokenCipherFor(config, silent)).toThrow(SecretKeyRequired);
      expect(() => tokenCipherFor(config, silent)).toThrow(
        /^SECRET_KEY: must be set when DATABASE_URL is set/,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
