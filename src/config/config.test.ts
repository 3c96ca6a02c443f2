import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, envSchema, loadConfig, parseConfig } from './index.ts';

function errorsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.lines;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration', () => {
  it('runs on embedded defaults with no environment at all', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ PORT: 3000, AUDIO_PORT: 2333, DATA_DIR: './data', LOG_LEVEL: 'info' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('names DATABASE_URL and its rule when it is not a usable postgres URL', () => {
    for (const bad of ['postgres://nope', 'mysql://u@h/db', 'not a url']) {
      expect(errorsOf({ DATABASE_URL: bad })).toEqual([
        expect.stringMatching(
          /^DATABASE_URL: must be a postgres:\/\/ URL .*or unset for the embedded database$/,
        ),
      ]);
    }
  });

  it('gives one line per bad variable, each naming it', () => {
    const lines = errorsOf({ PORT: '70000', REDIS_URL: 'http://x', LOG_LEVEL: 'loud', METRICS_PORT: 'abc' });
    expect(lines.map((line) => line.split(':')[0]).sort()).toEqual([
      'LOG_LEVEL',
      'METRICS_PORT',
      'PORT',
      'REDIS_URL',
    ]);
  });

  it('takes 0 for the listening ports, meaning any free one', () => {
    expect(parseConfig({ PORT: '0', AUDIO_PORT: '0', METRICS_PORT: '0', SANDBOX_PORT: '0' })).toMatchObject({
      PORT: 0,
      AUDIO_PORT: 0,
      METRICS_PORT: 0,
      SANDBOX_PORT: 0,
    });
    expect(errorsOf({ PORT: '-1' })).toEqual([
      expect.stringMatching(/^PORT: must be a port number \(0-65535/),
    ]);
  });

  it('reads the panel API rate-limit tiers from API_RATE_LIMITS, per minute', () => {
    expect(parseConfig({}).API_RATE_LIMITS).toBeUndefined();
    expect(parseConfig({ API_RATE_LIMITS: ' 10, 500 ,2000' }).API_RATE_LIMITS).toEqual({
      strict: { max: 10, timeWindow: 60_000 },
      normal: { max: 500, timeWindow: 60_000 },
      lenient: { max: 2000, timeWindow: 60_000 },
    });
    expect(errorsOf({ API_RATE_LIMITS: '300' })).toEqual([
      expect.stringMatching(/^API_RATE_LIMITS: must be three numbers of requests per minute/),
    ]);
  });

  it('prefixes Redis names with REDIS_KEY_PREFIX, gramophone: by default', () => {
    expect(parseConfig({}).REDIS_KEY_PREFIX).toBe('gramophone:');
    expect(parseConfig({ REDIS_KEY_PREFIX: 'staging:' }).REDIS_KEY_PREFIX).toBe('staging:');
    expect(errorsOf({ REDIS_KEY_PREFIX: 'has space:' })).toEqual([
      'REDIS_KEY_PREFIX: must not contain whitespace',
    ]);
    expect(errorsOf({ REDIS_KEY_PREFIX: 'x'.repeat(101) })).toEqual([
      'REDIS_KEY_PREFIX: must be at most 100 characters',
    ]);
  });

  it('treats empty values as unset, as .env files mean them', () => {
    expect(parseConfig({ DATABASE_URL: '', REDIS_URL: '  ', PORT: '' }).PORT).toBe(3000);
  });

  it('parses audio nodes from LAVALINK_NODES and points at the bad entry', () => {
    const config = parseConfig({
      LAVALINK_NODES: 'http://eu1:secret@10.0.0.5:2333, https://us1:pw@lava.example:443',
    });
    expect(config.LAVALINK_NODES).toEqual([
      { id: 'eu1', host: '10.0.0.5', port: 2333, password: 'secret', secure: false },
      { id: 'us1', host: 'lava.example', port: 443, password: 'pw', secure: true },
    ]);
    expect(errorsOf({ LAVALINK_NODES: 'http://a:b@h:2333,ftp://x' })).toEqual([
      expect.stringMatching(/^LAVALINK_NODES \(entry 1\): /),
    ]);
  });

  it('never prints a LAVALINK_NODES entry’s password in its error line', () => {
    for (const bad of ['ftp://eu1:hunter2@h:2333', 'http://eu1:hunter2@:bad-port', 'http://eu1:hunter%32@']) {
      const lines = errorsOf({ LAVALINK_NODES: `http://ok:fine-pass@h:2333,${bad}` });
      expect(lines).toEqual([expect.stringMatching(/^LAVALINK_NODES \(entry 1\): "[a-z]+:\/\/eu1:\*\*\*@/)]);
      expect(lines.join('\n')).not.toMatch(/hunter/);
    }
  });

  it('masks secrets and URL passwords in every error line, whatever the rule quotes', () => {
    const lines = errorsOf({
      SECRET_KEY: 'correct horse battery staple',
      DISCORD_CLIENT_SECRET: 'short',
      PORT: 'postgres://u:hunter2@h/db',
    });
    expect(lines.map((line) => line.split(':')[0]).sort()).toEqual([
      'DISCORD_CLIENT_SECRET',
      'PORT',
      'SECRET_KEY',
    ]);
    const text = lines.join('\n');
    for (const secret of ['correct horse', 'short', 'hunter2']) expect(text).not.toContain(secret);
  });

  it('takes SECRET_KEY as 32 bytes in hex or base64, and refuses anything else', () => {
    const hex = 'ab'.repeat(32);
    expect(parseConfig({ SECRET_KEY: hex }).SECRET_KEY).toBe(hex);
    expect(parseConfig({ SECRET_KEY: Buffer.alloc(32, 1).toString('base64') }).SECRET_KEY).toBeDefined();
    for (const bad of [
      'ab'.repeat(16),
      'a passphrase that is long enough',
      Buffer.alloc(31).toString('base64'),
    ]) {
      expect(errorsOf({ SECRET_KEY: bad })).toEqual([
        'SECRET_KEY: must be 32 random bytes as 64 hex digits or base64 (openssl rand -base64 32)',
      ]);
    }
  });

  it('reads .env, with the process environment taking precedence', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gramophone-env-'));
    try {
      writeFileSync(join(dir, '.env'), 'PORT=4100\nAUDIO_PORT=4200\n');
      const config = loadConfig({ AUDIO_PORT: '4300' }, dir);
      expect(config.PORT).toBe(4100);
      expect(config.AUDIO_PORT).toBe(4300);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('documents every variable in docs/configuration.md and .env.example', () => {
    const docs = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    for (const name of Object.keys(envSchema.shape)) {
      expect(docs, `docs/configuration.md lacks ${name}`).toContain(`\`${name}\``);
      expect(example, `.env.example lacks ${name}`).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    }
  });
});

describe('MUSIC_ADD_RATE', () => {
  it('is a burst of 5 refilled over 10 s when unset or empty', () => {
    expect(parseConfig({}).MUSIC_ADD_RATE).toEqual({ count: 5, windowMs: 10_000 });
    expect(parseConfig({ MUSIC_ADD_RATE: ' ' }).MUSIC_ADD_RATE).toEqual({ count: 5, windowMs: 10_000 });
  });

  it('reads COUNT/WINDOW in ms, s, m or h, and off', () => {
    expect(parseConfig({ MUSIC_ADD_RATE: '3/1m' }).MUSIC_ADD_RATE).toEqual({ count: 3, windowMs: 60_000 });
    expect(parseConfig({ MUSIC_ADD_RATE: '10 / 500ms' }).MUSIC_ADD_RATE).toEqual({
      count: 10,
      windowMs: 500,
    });
    expect(parseConfig({ MUSIC_ADD_RATE: '2/s' }).MUSIC_ADD_RATE).toEqual({ count: 2, windowMs: 1_000 });
    expect(parseConfig({ MUSIC_ADD_RATE: 'off' }).MUSIC_ADD_RATE).toBeNull();
  });

  it('names the variable and the form when it is not a rate', () => {
    for (const bad of ['5', '0/10s', '5/0s', '5 per 10s', '-1/10s']) {
      expect(errorsOf({ MUSIC_ADD_RATE: bad }), bad).toEqual([
        expect.stringMatching(/^MUSIC_ADD_RATE: must be COUNT\/WINDOW like 5\/10s/),
      ]);
    }
  });
});

// ---- Lyrics (#14) ----
describe('LYRICS_PROVIDER and LYRICS_LRCLIB_URL', () => {
  it('use LRCLIB at lrclib.net by default, and take none or another server', () => {
    expect(parseConfig({})).toMatchObject({
      LYRICS_PROVIDER: 'lrclib',
      LYRICS_LRCLIB_URL: 'https://lrclib.net',
    });
    expect(
      parseConfig({ LYRICS_PROVIDER: 'none', LYRICS_LRCLIB_URL: 'http://lyrics.lan:3000' }),
    ).toMatchObject({
      LYRICS_PROVIDER: 'none',
      LYRICS_LRCLIB_URL: 'http://lyrics.lan:3000',
    });
  });

  it('name the variable and the rule when refused', () => {
    expect(errorsOf({ LYRICS_PROVIDER: 'genius', LYRICS_LRCLIB_URL: 'lrclib.net' }).sort()).toEqual([
      expect.stringMatching(/^LYRICS_LRCLIB_URL: must be an http\(s\):\/\/ URL of an LRCLIB server/),
      expect.stringMatching(/^LYRICS_PROVIDER: must be lrclib or none/),
    ]);
  });
});

// Mirrored links (#14): yt-dlp and the Spotify, Apple Music and Deezer APIs.
describe('mirrored link settings', () => {
  it('default to the services’ public APIs and a 500-track cap', () => {
    expect(parseConfig({})).toMatchObject({
      SPOTIFY_API_URL: 'https://api.spotify.com/v1',
      SPOTIFY_ACCOUNTS_URL: 'https://accounts.spotify.com',
      DEEZER_API_URL: 'https://api.deezer.com',
      APPLE_MUSIC_API_URL: 'https://api.music.apple.com/v1',
      ITUNES_API_URL: 'https://itunes.apple.com',
      MIRROR_PLAYLIST_MAX: 500,
    });
  });

  it('want the Spotify client id and secret together, and mask the secret', () => {
    expect(errorsOf({ SPOTIFY_CLIENT_ID: '5f1c1e0ab7e84a4c9d2f3e6a7b8c9d0e' })).toEqual([
      expect.stringMatching(/^SPOTIFY_CLIENT_SECRET: must be set together with SPOTIFY_CLIENT_ID/),
    ]);
    const lines = errorsOf({ SPOTIFY_CLIENT_SECRET: 'spotify-hunter2', DEEZER_API_URL: 'api.deezer.com' });
    expect(lines.sort()).toEqual([
      expect.stringMatching(/^DEEZER_API_URL: must be an http\(s\):\/\/ URL of Deezer’s API/),
      expect.stringMatching(/^SPOTIFY_CLIENT_ID: must be set together/),
    ]);
    expect(lines.join('\n')).not.toContain('spotify-hunter2');
  });
});
