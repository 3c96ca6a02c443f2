import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/index.ts';
import { musicTables } from '../../src/music/index.ts';
import { databaseKinds } from '../support/databases.ts';
import { logIn, type PanelHarness, startPanel } from './support.ts';

const KEY = `${'k'.repeat(20)}bot-api-key-one-0123456789`;
const ROTATED_KEY = 'bot-api-key-two-'.padEnd(48, 'x');
const LENIENT = { max: 40, timeWindow: 60_000 };

/** A queued track the way the music bot stores it. */
function aStoredTrack(n: number, overrides: { length?: number; requesterId?: string | null } = {}) {
  return {
    encoded: `QAAA${n}`,
    info: {
      identifier: `id-${n}`,
      isSeekable: true,
      author: `Artist ${n}`,
      length: overrides.length ?? 200_000,
      isStream: false,
      position: 0,
      title: `Song ${n}`,
      uri: `https://music.example/${n}`,
      artworkUrl: null,
      isrc: null,
      sourceName: 'http',
    },
    requesterId: overrides.requesterId === undefined ? '400000000000000001' : overrides.requesterId,
    addedAt: '2025-03-10T12:00:00.000Z',
  };
}

describe.each(databaseKinds())('bot API (%s)', (kind) => {
  let panel: PanelHarness;
  let guildId: string;
  const auth = (key = KEY) => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    panel = await startPanel({
      kind,
      env: { BOT_API_KEYS: `${KEY}, ${ROTATED_KEY}` },
      rateLimits: { lenient: LENIENT },
    });
    guildId = panel.emulator.demo!.guildId;
  });
  afterAll(async () => {
    await panel?.close();
  });

  const get = (url: string, headers: Record<string, string> = auth()) =>
    panel.app.inject({ method: 'GET', url, headers });

  it('answers 401 without a key, with a wrong one, or with another scheme, asking for a Bearer key', async () => {
    for (const headers of [
      {},
      auth('not-a-configured-key-at-all-0123456789'),
      { authorization: `Basic ${KEY}` },
    ]) {
      const response = await get('/api/bot/health', headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
      expect(response.json()).toMatchObject({ error: 'UNAUTHENTICATED', requestId: expect.any(String) });
    }
    expect((await get(`/api/bot/guilds/${guildId}/queue`, {})).statusCode).toBe(401);
  });

  it('does not take a panel session instead of a key', async () => {
    const owner = await logIn(panel, panel.emulator.demo!.ownerId);
    const response = await owner.request({ method: 'GET', url: '/api/bot/health' });
    expect(response.statusCode).toBe(401);
  });

  it('accepts every configured key, so one can be rotated', async () => {
    expect((await get('/api/bot/health', auth(KEY))).statusCode).toBe(200);
    expect((await get('/api/bot/health', auth(ROTATED_KEY))).statusCode).toBe(200);
  });

  it('reports the roles and readiness on the lenient rate tier', async () => {
    const response = await get('/api/bot/health');
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-ratelimit-limit']).toBe(String(LENIENT.max));
    expect(response.json()).toMatchObject({
      ready: true,
      instanceId: panel.config.INSTANCE_ID,
      roles: ['api'],
      uptimeSeconds: expect.any(Number),
      checks: [],
    });
  });

  it('answers 404 NO_PLAYER for a guild without a saved player, and 400 for a bad id', async () => {
    const missing = await get('/api/bot/guilds/300000000000000077/queue');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toBe('NO_PLAYER');
    const bad = await get('/api/bot/guilds/not-an-id/queue');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'VALIDATION_FAILED', details: [{ path: 'guildId' }] });
  });

  it('snapshots the saved queue: current and upcoming tracks, the position now, the player settings', async () => {
    const positionAt = new Date(Date.now() - 5_000);
    await panel.database.db.insert(musicTables.musicPlayers).values({
      guildId,
      voiceChannelId: panel.emulator.demo!.voiceChannelId,
      textChannelId: panel.emulator.demo!.musicTextChannelId,
      tracks: [aStoredTrack(1), aStoredTrack(2), aStoredTrack(3, { requesterId: null }), aStoredTrack(4)],
      currentIndex: 1,
      positionMs: 10_000,
      positionAt,
      paused: false,
      loop: 'queue',
      volume: 65,
      filterPreset: 'nightcore',
      autoplay: true,
    });
    const response = await get(`/api/bot/guilds/${guildId}/queue`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      guildId,
      voiceChannelId: panel.emulator.demo!.voiceChannelId,
      current: {
        title: 'Song 2',
        identifier: 'id-2',
        lengthMs: 200_000,
        encoded: 'QAAA2',
        requesterId: '400000000000000001',
      },
      paused: false,
      loop: 'queue',
      volume: 65,
      filterPreset: 'nightcore',
      autoplay: true,
    });
    expect(body.upcoming.map((t: { title: string }) => t.title)).toEqual(['Song 3', 'Song 4']);
    expect(body.upcoming[0].requesterId).toBeNull();
    // Playing: the stored position plus the 5 s since it was saved.
    expect(body.positionMs).toBeGreaterThanOrEqual(15_000);
    expect(body.positionMs).toBeLessThan(25_000);

    await panel.database.db.update(musicTables.musicPlayers).set({ paused: true });
    expect((await get(`/api/bot/guilds/${guildId}/queue`)).json().positionMs).toBe(10_000);
  });

  it('is described in the OpenAPI document with the bearer key scheme, outside the guild routes', async () => {
    const document = (await panel.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(document.components.securitySchemes.botApiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    const queue = document.paths['/api/bot/guilds/{guildId}/queue'].get;
    expect(queue.security).toEqual([{ botApiKey: [] }]);
    expect(Object.keys(queue.responses)).toEqual(expect.arrayContaining(['200', '401', '404', '503']));
    // The guild access guard (and its route walker) covers /api/guilds/:guildId/* only.
    const botRoutes = panel.routes.filter((r) => r.url.startsWith('/api/bot/'));
    expect(botRoutes.map((r) => r.url)).toContain('/api/bot/guilds/:guildId/queue');
    expect(botRoutes.some((r) => r.url.startsWith('/api/guilds/'))).toBe(false);
  });
});

describe('bot API without keys', () => {
  let panel: PanelHarness;
  beforeAll(async () => {
    panel = await startPanel({ kind: 'pglite' });
  });
  afterAll(async () => {
    await panel?.close();
  });

  it('answers 503 BOT_API_DISABLED on every bot route, key or not', async () => {
    for (const url of ['/api/bot/health', '/api/bot/guilds/300000000000000001/queue']) {
      const response = await panel.app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${KEY}` },
      });
      expect(response.statusCode, url).toBe(503);
      expect(response.json()).toMatchObject({ error: 'BOT_API_DISABLED' });
    }
  });
});

describe('BOT_API_KEYS', () => {
  it('reads a comma-separated list and refuses short keys, naming the entry', () => {
    expect(parseConfig({ BOT_API_KEYS: ` ${KEY} ,${ROTATED_KEY},` }).BOT_API_KEYS).toEqual([
      KEY,
      ROTATED_KEY,
    ]);
    expect(parseConfig({ BOT_API_KEYS: '' }).BOT_API_KEYS).toBeUndefined();
    const error = (() => {
      try {
        parseConfig({ BOT_API_KEYS: `${KEY},short` });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as ConfigError).message)).toContain('BOT_API_KEYS (entry 1)');
  });
});
