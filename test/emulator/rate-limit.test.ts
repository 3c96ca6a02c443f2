import { REST, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordEmulator, startDiscordEmulator } from '../../src/emulators/discord/index.ts';

const MESSAGES_ROUTE = 'POST /channels/:channelId/messages';

describe('rate limits: headers and switched-on 429s', () => {
  let emulator: DiscordEmulator;
  let rest: REST;

  beforeAll(async () => {
    emulator = await startDiscordEmulator({ demo: true });
    rest = new REST({ api: emulator.apiUrl }).setToken(emulator.token);
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it('puts rate-limit headers on every response', async () => {
    const response = await fetch(`${emulator.apiUrl}/v10/users/@me`, {
      headers: { Authorization: `Bot ${emulator.token}` },
    });
    expect(response.status).toBe(200);
    for (const header of ['limit', 'remaining', 'reset', 'reset-after', 'bucket']) {
      expect(response.headers.get(`x-ratelimit-${header}`)).toBeTruthy();
    }
  });

  it('answers a switched-on 429 the way Discord does', async () => {
    emulator.control.rateLimit({ route: MESSAGES_ROUTE, retryAfterSeconds: 2.5, times: 1 });
    const response = await fetch(`${emulator.apiUrl}/v10/channels/${emulator.demo!.textChannelId}/messages`, {
      method: 'POST',
      headers: { Authorization: `Bot ${emulator.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ content: 'hello' }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2.5');
    expect(response.headers.get('x-ratelimit-scope')).toBe('user');
    expect(response.headers.get('x-ratelimit-global')).toBeNull();
    expect(await response.json()).toEqual({
      message: 'You are being rate limited.',
      retry_after: 2.5,
      global: false,
    });
  });

  it('makes @discordjs/rest wait at least Retry-After before retrying a route', async () => {
    emulator.control.rateLimit({ route: MESSAGES_ROUTE, retryAfterSeconds: 1.2, times: 1 });
    const since = Date.now();
    await rest.post(Routes.channelMessages(emulator.demo!.textChannelId), {
      body: { content: 'eventually' },
    });
    const log = emulator.control.requests({ route: MESSAGES_ROUTE }).filter((e) => e.at >= since);
    expect(log.map((e) => e.status)).toEqual([429, 200]);
    expect(log[1]!.at - log[0]!.at).toBeGreaterThanOrEqual(1200);
  });

  it('makes @discordjs/rest wait out a global 429', async () => {
    emulator.control.rateLimit({ global: true, retryAfterSeconds: 0.8, times: 1 });
    const since = Date.now();
    await rest.get(Routes.user('@me'));
    const log = emulator.control.requests({ route: 'GET /users/@me' }).filter((e) => e.at >= since);
    expect(log.map((e) => e.status)).toEqual([429, 200]);
    expect(log[1]!.at - log[0]!.at).toBeGreaterThanOrEqual(800);
  });
});
