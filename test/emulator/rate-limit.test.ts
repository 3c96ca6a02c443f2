import { type Client, Events, REST, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DiscordEmulator, startDiscordEmulator } from '../../src/emulators/discord/index.ts';
import { loginClient } from './helpers.ts';

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
    const since = performance.timeOrigin + performance.now();
    await rest.post(Routes.channelMessages(emulator.demo!.textChannelId), {
      body: { content: 'eventually' },
    });
    const log = emulator.control.requests({ route: MESSAGES_ROUTE }).filter((e) => e.at >= since);
    expect(log.map((e) => e.status)).toEqual([429, 200]);
    expect(log[1]!.at - log[0]!.at).toBeGreaterThanOrEqual(1200);
  });

  it('makes @discordjs/rest wait out a global 429', async () => {
    emulator.control.rateLimit({ global: true, retryAfterSeconds: 0.8, times: 1 });
    const since = performance.timeOrigin + performance.now();
    await rest.get(Routes.user('@me'));
    const log = emulator.control.requests({ route: 'GET /users/@me' }).filter((e) => e.at >= since);
    expect(log.map((e) => e.status)).toEqual([429, 200]);
    expect(log[1]!.at - log[0]!.at).toBeGreaterThanOrEqual(800);
  });
});

describe('rate limits: interaction callbacks and webhooks', () => {
  let emulator: DiscordEmulator;
  let client: Client;

  beforeAll(async () => {
    // Two requests a second per bucket, so a shared bucket would show at once.
    emulator = await startDiscordEmulator({ demo: true, routeRateLimitPerSecond: 2 });
    client = await loginClient(emulator, {}, (c) =>
      c.on(Events.InteractionCreate, (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        void (async () => {
          await interaction.reply('one');
          if (interaction.commandName !== 'edits') return;
          for (const content of ['two', 'three', 'four']) await interaction.editReply(content);
        })();
      }),
    );
    await client.guilds.cache.get(emulator.demo!.guildId)!.commands.set([
      { name: 'ping', description: 'Replies' },
      { name: 'edits', description: 'Replies, then edits three times' },
    ]);
  });

  afterAll(async () => {
    await client?.destroy();
    await emulator?.close();
  });

  const run = (command: string) =>
    emulator.control.slashCommand({
      channelId: emulator.demo!.textChannelId,
      userId: emulator.demo!.ownerId,
      command,
    });

  it('limits callbacks per interaction, so many interactions at once are never throttled', async () => {
    const since = performance.timeOrigin + performance.now();
    await Promise.all([run('ping'), run('ping'), run('ping'), run('ping'), run('ping')]);
    // The log entry is written once the response is sent, just after the answer resolves.
    await vi.waitFor(() => {
      const callbacks = emulator.control
        .requests({ route: 'POST /interactions/:interactionId/:token/callback' })
        .filter((entry) => entry.at >= since);
      expect(callbacks.map((entry) => entry.status)).toEqual([204, 204, 204, 204, 204]);
    }, 5_000);
  });

  it("still limits one interaction's webhook to its own bucket", async () => {
    const since = performance.timeOrigin + performance.now();
    await run('edits');
    await vi.waitFor(
      () => {
        const edits = emulator.control
          .requests({ route: 'PATCH /webhooks/:applicationId/:token/messages/:messageId' })
          .filter((entry) => entry.at >= since);
        expect(edits.map((entry) => entry.status)).toEqual([200, 200, 200]);
        // Three edits in a bucket of two a second: discord.js holds the third until the reset.
        expect(edits[2]!.at - edits[0]!.at).toBeGreaterThanOrEqual(800);
      },
      { timeout: 5_000, interval: 100 },
    );
  });
});
