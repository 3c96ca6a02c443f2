import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIO_PASSWORD_FILE, resolveAudioPassword } from './audio-password.ts';
import { ConfigError, parseConfig } from './load.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gramophone-audio-pw-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function configErrors(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.lines;
    throw error;
  }
}

describe('the audio node password', () => {
  it('refuses the default, an empty or a short password on a non-loopback AUDIO_HOST', () => {
    for (const env of <Record<string, string>[]>[
      { AUDIO_HOST: '0.0.0.0' },
      { AUDIO_HOST: '0.0.0.0', AUDIO_PASSWORD: '' },
      { AUDIO_HOST: '10.0.0.5', AUDIO_PASSWORD: 'youshallnotpass' },
      { AUDIO_HOST: '::', AUDIO_PASSWORD: 'short-password' },
    ]) {
      expect(configErrors(env), JSON.stringify(env)).toEqual([
        expect.stringMatching(/^AUDIO_PASSWORD: must be set/),
      ]);
    }
    expect(configErrors({ AUDIO_HOST: '0.0.0.0', AUDIO_PASSWORD: 'a-long-enough-password' })).toEqual([]);
    expect(configErrors({ AUDIO_HOST: '127.0.0.1' })).toEqual([]);
  });

  it('replaces the default on loopback with a random one kept under DATA_DIR (0600), reused later', () => {
    const dataDir = join(tempDir(), 'data');
    const first = resolveAudioPassword({ AUDIO_PASSWORD: 'youshallnotpass', DATA_DIR: dataDir });
    expect(first.source).toBe('generated');
    expect(first.password).not.toBe('youshallnotpass');
    expect(first.password.length).toBeGreaterThanOrEqual(16);
    const path = join(dataDir, AUDIO_PASSWORD_FILE);
    expect(readFileSync(path, 'utf8').trim()).toBe(first.password);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(resolveAudioPassword({ AUDIO_PASSWORD: 'youshallnotpass', DATA_DIR: dataDir })).toMatchObject({
      password: first.password,
      source: 'file',
    });
  });

  it('uses a configured password as it is', () => {
    expect(resolveAudioPassword({ AUDIO_PASSWORD: 'operator-chosen-secret', DATA_DIR: tempDir() })).toEqual({
      password: 'operator-chosen-secret',
      source: 'config',
    });
  });
});
