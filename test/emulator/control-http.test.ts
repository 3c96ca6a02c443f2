import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordEmulator, startDiscordEmulator } from '../../src/emulators/discord/index.ts';

describe('the HTTP control API', () => {
  let emulator: DiscordEmulator;

  beforeAll(async () => {
    emulator = await startDiscordEmulator({ demo: true });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  const call = (operation: string, body: unknown = {}) =>
    fetch(`${emulator.controlUrl}/${operation}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('describes the emulator with its URLs, credentials and demo ids', async () => {
    const described = emulator.describe();
    expect(JSON.parse(JSON.stringify(described))).toEqual(described);
    expect(described).toMatchObject({
      apiUrl: emulator.apiUrl,
      gatewayUrl: emulator.gatewayUrl,
      token: emulator.token,
      applicationId: emulator.applicationId,
      guildId: emulator.demo!.guildId,
      textChannelId: emulator.demo!.textChannelId,
      voiceChannelId: emulator.demo!.voiceChannelId,
      ownerId: emulator.demo!.ownerId,
      memberIds: emulator.demo!.memberIds,
    });
    const listed = (await (await fetch(emulator.controlUrl)).json()) as {
      operations: string[];
      emulator: unknown;
    };
    expect(listed.operations).toContain('slashCommand');
    expect(listed.emulator).toEqual(described);
  });

  it('runs operations with JSON bodies', async () => {
    const user = (await (await call('createUser', { username: 'http-user' })).json()) as { id: string };
    expect(user.id).toMatch(/^\d+$/);
    const guild = (await (await call('createGuild', { name: 'Over HTTP', ownerId: user.id })).json()) as {
      id: string;
    };
    const channel = (await (
      await call('createChannel', { guildId: guild.id, name: 'Lobby', type: 'voice' })
    ).json()) as {
      id: string;
      type: number;
    };
    expect(channel.type).toBe(2);
    const joined = await call('joinVoice', { channelId: channel.id, userId: user.id });
    expect(joined.status).toBe(200);
    expect(emulator.control.voiceStates({ guildId: guild.id })).toHaveLength(1);
  });

  it('answers bad input with 400 and the zod issues, unknown operations with 404', async () => {
    const bad = await call('createGuild', { name: 'x' });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: string; issues: { path: string[] }[] };
    expect(body.error).toBe('invalid input');
    expect(body.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['name', 'ownerId']));

    const misuse = await call('slashCommand', {
      channelId: emulator.demo!.textChannelId,
      userId: emulator.demo!.ownerId,
      command: 'unregistered',
    });
    expect(misuse.status).toBe(400);
    expect(((await misuse.json()) as { error: string }).error).toMatch(/not registered/);

    expect((await call('doSomethingElse')).status).toBe(404);
  });
});
