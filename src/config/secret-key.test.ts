import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSecretKey, SecretKeyFileInvalid, SecretKeyRequired, secretKeySource } from './index.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function aDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gramophone-key-'));
  dirs.push(dir);
  return join(dir, 'data');
}

describe('the secret key', () => {
  it('is SECRET_KEY when set, as hex or base64', () => {
    const bytes = randomBytes(32);
    for (const written of [bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url')]) {
      const key = loadSecretKey({
        SECRET_KEY: written,
        DATABASE_URL: 'postgres://h/db',
        DATA_DIR: aDataDir(),
      });
      expect(key.equals(bytes)).toBe(true);
    }
  });

  it('is generated once in DATA_DIR with mode 0600 when SECRET_KEY and DATABASE_URL are unset, then reused', () => {
    const dataDir = aDataDir();
    const notices: string[] = [];
    const config = { SECRET_KEY: undefined, DATABASE_URL: undefined, DATA_DIR: dataDir };
    const first = loadSecretKey(config, { onNotice: ({ message }) => notices.push(message) });
    const file = join(dataDir, 'secret-key');
    expect(secretKeySource(config)).toEqual({ kind: 'file', path: file });
    expect(first).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(first)).toBe(true);
    expect(notices).toEqual([expect.stringContaining('generated a secret key')]);
    const again = loadSecretKey(config, { onNotice: ({ message }) => notices.push(message) });
    expect(again.equals(first)).toBe(true);
    expect(notices).toHaveLength(1);
  });

  it('is refused, naming SECRET_KEY, when DATABASE_URL is set without it', () => {
    const config = { SECRET_KEY: undefined, DATABASE_URL: 'postgres://u:p@db:5432/g', DATA_DIR: aDataDir() };
    expect(secretKeySource(config)).toEqual({ kind: 'missing' });
    expect(() => loadSecretKey(config)).toThrow(SecretKeyRequired);
    expect(() => loadSecretKey(config)).toThrow(/^SECRET_KEY: must be set when DATABASE_URL is set/);
  });

  it('refuses a key file that holds no key rather than replacing it', () => {
    const dataDir = aDataDir();
    loadSecretKey({ SECRET_KEY: undefined, DATABASE_URL: undefined, DATA_DIR: dataDir });
    writeFileSync(join(dataDir, 'secret-key'), 'not a key\n');
    expect(() =>
      loadSecretKey({ SECRET_KEY: undefined, DATABASE_URL: undefined, DATA_DIR: dataDir }),
    ).toThrow(SecretKeyFileInvalid);
    expect(readFileSync(join(dataDir, 'secret-key'), 'utf8')).toBe('not a key\n');
  });
});
