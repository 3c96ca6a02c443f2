/**
 * A persistent emulator (`statePath`) keeps its world across a restart: the same ids, members,
 * messages, commands, voice states of people and OAuth logins; a bot logging in again finds its
 * guilds. Writes are debounced and atomic; a file it can't read is set aside, not lost.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DiscordEmulator, startDiscordEmulator } from '../../src/emulators/discord/index.ts';
import { eventually } from '../support/eventually.ts';
import { loginClient } from './helpers.ts';

let dir: string;
let statePath: string;
const running: DiscordEmulator[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'emulator-world-'));
  statePath = join(dir, 'world.json');
});

afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(): Promise<DiscordEmulator> {
  const emulator = await startDiscordEmulator({ demo: true, statePath });
  running.push(emulator);
  return emulator;
}

async function stop(emulator: DiscordEmulator): Promise<void> {
  running.splice(running.indexOf(emulator), 1);
  await emulator.close();
}

describe('a persistent emulator', () => {
  it('comes back with the same world, logins and bot memberships after a restart', async () => {
    const first = await start();
    const demo = first.demo!;
    const alice = demo.memberIds[0]!;
    const client = await loginClient(first);
    await client.application!.commands.set(
      [
        {
          name: 'play',
          description: 'Plays a song',
          options: [{ type: 3, name: 'query', description: 'What', required: true }],
        },
      ],
      demo.guildId,
    );
    first.control.sendMessage({ channelId: demo.musicTextChannelId, userId: alice, content: 'hello, world' });
    first.control.joinVoice({ channelId: demo.voiceChannelId, userId: alice });
    const tokens = first.control.issueUserToken({ userId: alice, scopes: ['identify', 'guilds'] });
    const before = first.describe();
    await client.destroy();
    await stop(first);

    const second = await start();
    const after = second.describe();
    expect(after).toMatchObject({
      guildId: before.guildId,
      applicationId: before.applicationId,
      token: before.token,
      clientSecret: before.clientSecret,
      voiceChannelId: before.voiceChannelId,
      memberIds: before.memberIds,
    });
    expect(after.apiUrl).not.toBe(before.apiUrl);
    const messages = second.control.listMessages({ channelId: demo.musicTextChannelId });
    expect(messages.map((m) => m.content)).toContain('hello, world');
    expect(second.control.voiceStates({ guildId: demo.guildId })).toEqual([
      expect.objectContaining({ user_id: alice, channel_id: demo.voiceChannelId }),
    ]);
    expect(second.control.commands({ guildId: demo.guildId }).map((c) => c.name)).toEqual(['play']);

    // The login of before the restart still opens the user's guilds, and its refresh token works.
    const guilds = await fetch(`${second.apiUrl}/v10/users/@me/guilds`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(guilds.status).toBe(200);
    expect(((await guilds.json()) as { id: string }[]).map((g) => g.id)).toContain(demo.guildId);
    const refreshed = await fetch(`${second.apiUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: after.applicationId,
        client_secret: after.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
      }),
    });
    expect(refreshed.status).toBe(200);

    // The bot is still a member: its next login gets the guild, with new ids after the old ones.
    const again = await loginClient(second);
    try {
      expect(again.guilds.cache.has(demo.guildId)).toBe(true);
      const channel = second.control.createChannel({ guildId: demo.guildId, name: 'later', type: 'text' });
      expect(BigInt(String(channel.id))).toBeGreaterThan(BigInt(demo.voiceChannelId));
    } finally {
      await again.destroy();
    }
  });

  it('writes a change to the file shortly after it, without waiting for close', async () => {
    const emulator = await start();
    const demo = emulator.demo!;
    // A change over HTTP (the control API, as the sandbox page makes them).
    await fetch(`${emulator.controlUrl}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channelId: demo.textChannelId, userId: demo.ownerId, content: 'kept soon' }),
    });
    await eventually(async () => expect(await readFile(statePath, 'utf8')).toContain('kept soon'));
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('takes a token given in the options over the stored one, which stops working', async () => {
    const first = await start();
    const stored = first.token;
    await stop(first);
    const second = await startDiscordEmulator({ demo: true, statePath, token: 'operator-token-0123456789' });
    running.push(second);
    expect(second.applicationId).toBe(first.applicationId);
    const me = (token: string) =>
      fetch(`${second.apiUrl}/v10/users/@me`, { headers: { authorization: `Bot ${token}` } });
    expect((await me('operator-token-0123456789')).status).toBe(200);
    expect((await me(stored)).status).toBe(401);
  });

  it('sets an unreadable file aside and starts a new world', async () => {
    await writeFile(statePath, '{"version": 1, "users": "not a list"');
    const emulator = await start();
    expect(emulator.demo?.guildId).toMatch(/^\d+$/);
    const names = await readdir(dir);
    expect(names.some((name) => name.startsWith('world.json.unreadable-'))).toBe(true);
    expect(JSON.parse(await readFile(statePath, 'utf8')).demo.guildId).toBe(emulator.demo?.guildId);
  });
});
