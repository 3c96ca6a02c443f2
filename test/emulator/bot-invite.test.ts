/**
 * The bot invite in a browser (scope=bot, as the panel's "Add the bot" links): without a guild the
 * emulator shows Discord's server picker, the choice adds the bot (GUILD_CREATE reaches it) and
 * the page says where it went. A JSON client keeps the plain answers.
 */
import type { Guild } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordEmulator, startDiscordEmulator } from '../../src/emulators/discord/index.ts';
import { loginClient, waitForEvent } from './helpers.ts';

describe('the bot invite page', () => {
  let emulator: DiscordEmulator;
  beforeAll(async () => {
    emulator = await startDiscordEmulator({ demo: true, demoSpareGuild: true });
  });
  afterAll(() => emulator?.close());

  const invite = (params: Record<string, string>, accept = 'text/html,application/xhtml+xml') => {
    const url = new URL(emulator.oauthUrl);
    url.search = new URLSearchParams({
      client_id: emulator.applicationId,
      scope: 'bot applications.commands',
      permissions: '3145728',
      ...params,
    }).toString();
    return fetch(url, { headers: { accept, referer: 'http://localhost:3000/servers' } });
  };

  it('offers the servers the user manages, adds the bot to the chosen one, and the bot hears of it', async () => {
    const spare = emulator.demo?.spareGuildId as string;
    expect(spare).toMatch(/^\d+$/);
    const client = await loginClient(emulator);
    try {
      expect(client.guilds.cache.has(spare)).toBe(false);
      const picker = await invite({});
      expect(picker.status).toBe(200);
      const html = await picker.text();
      expect(html).toContain('Second Demo Server');
      expect(html).toContain('Gramophone Demo (already added)');
      expect(html).toContain(`value="${spare}"`);
      expect(html).toContain('name="return_to" value="http://localhost:3000/servers"');

      const joined = waitForEvent<Guild>(client, 'guildCreate', (g) => g.id === spare);
      const done = await invite({ guild_id: spare, return_to: 'http://localhost:3000/servers' });
      expect(done.status).toBe(200);
      const page = await done.text();
      expect(page).toContain('Gramophone was added to Second Demo Server');
      expect(page).toContain('href="http://localhost:3000/servers"');
      expect((await joined).name).toBe('Second Demo Server');
    } finally {
      await client.destroy();
    }
  });

  it('answers a JSON client as before: 400 without a guild, the result with one', async () => {
    const missing = await invite({}, 'application/json');
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: 'invalid_request' });
    const added = await invite({ guild_id: emulator.demo?.guildId as string }, 'application/json');
    expect(await added.json()).toEqual({ authorized: true, guild_id: emulator.demo?.guildId });
  });
});
