/**
 * What other people's bots read from the emulator, byte for byte: the exact Content-Type, server
 * mute/deafen as voice state changes, Discord's leniency on gateway payloads, and the control
 * API's loopback-only guard.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordEmulator, Intent, startDiscordEmulator } from '../../src/emulators/discord/index.ts';
import { RawGateway } from './raw-gateway.ts';

/** One raw HTTP exchange: the status and the headers exactly as sent (names lower-cased). */
function rawExchange(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers ?? {} },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => {
          const headers: Record<string, string> = {};
          const raw = response.rawHeaders;
          for (let i = 0; i < raw.length; i += 2) headers[(raw[i] ?? '').toLowerCase()] = raw[i + 1] ?? '';
          resolve({ status: response.statusCode ?? 0, headers, body });
        });
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

const MODERATOR = String(
  (1n << 10n) | (1n << 20n) | (1n << 22n) | (1n << 23n) | (1n << 24n) | (1n << 27n), // view, connect, mute, deafen, move, nicknames
);

describe('the emulator as other clients read it', () => {
  let emulator: DiscordEmulator;
  let base = '';
  const gateways: RawGateway[] = [];
  const bot = () => ({ Authorization: `Bot ${emulator.token}`, 'Content-Type': 'application/json' });

  beforeAll(async () => {
    emulator = await startDiscordEmulator({ demo: true });
    base = emulator.apiUrl.replace(/\/api$/, '');
  });
  afterAll(async () => {
    for (const gateway of gateways) gateway.terminate();
    await emulator?.close();
  });

  /** A guild where the bot may mute, deafen and move, with a user in its voice channel. */
  function moderatedGuild() {
    const owner = emulator.control.createUser({ username: 'owner' }) as { id: string };
    const user = emulator.control.createUser({ username: 'listener' }) as { id: string };
    const guild = emulator.control.createGuild({
      name: 'Moderated',
      ownerId: owner.id,
      botPermissions: MODERATOR,
    }) as {
      id: string;
    };
    const voice = emulator.control.createChannel({ guildId: guild.id, name: 'Stage', type: 'voice' }) as {
      id: string;
    };
    emulator.control.addMember({ guildId: guild.id, userId: user.id });
    return { guildId: guild.id, voiceId: voice.id, userId: user.id };
  }

  async function gateway(intents: number): Promise<RawGateway> {
    const connection = await RawGateway.identify(emulator.gatewayUrl, emulator.token, intents);
    gateways.push(connection);
    return connection;
  }

  describe('Content-Type', () => {
    it('is exactly application/json on REST answers, errors and the control API', async () => {
      const answers = [
        await rawExchange(`${base}/api/v10/gateway/bot`, {
          headers: { Authorization: `Bot ${emulator.token}` },
        }),
        await rawExchange(`${base}/api/v10/gateway/bot`),
        await rawExchange(`${base}/api/v10/no/such/route`, {
          headers: { Authorization: `Bot ${emulator.token}` },
        }),
        await rawExchange(`${base}/control/describe`),
        await rawExchange(`${base}/control/createGuild`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{}',
        }),
      ];
      expect(answers.map((a) => a.status)).toEqual([200, 401, 404, 200, 400]);
      for (const answer of answers) expect(answer.headers['content-type']).toBe('application/json');
      expect(JSON.parse(answers[0]?.body ?? '')).toHaveProperty('url');
    });
  });

  describe('server mute and deafen', () => {
    it('changes the voice state and dispatches VOICE_STATE_UPDATE to sessions with GUILD_VOICE_STATES', async () => {
      const { guildId, voiceId, userId } = moderatedGuild();
      const listening = await gateway(Intent.GUILDS | Intent.GUILD_VOICE_STATES);
      const deafToVoice = await gateway(Intent.GUILDS);
      emulator.control.joinVoice({ channelId: voiceId, userId });
      await listening.next((p) => p.t === 'VOICE_STATE_UPDATE' && p.d.user_id === userId);

      const muted = await fetch(`${emulator.apiUrl}/v10/guilds/${guildId}/members/${userId}`, {
        method: 'PATCH',
        headers: bot(),
        body: JSON.stringify({ mute: true }),
      });
      expect(muted.status).toBe(200);
      expect(((await muted.json()) as { mute: boolean }).mute).toBe(true);
      const update = await listening.next(
        (p) => p.t === 'VOICE_STATE_UPDATE' && p.d.user_id === userId && p.d.mute,
      );
      expect(update.d).toMatchObject({ guild_id: guildId, channel_id: voiceId, mute: true, deaf: false });
      expect(emulator.control.voiceStates({ guildId })).toEqual([expect.objectContaining({ mute: true })]);

      // The control API's member update is the same operation.
      await fetch(`${emulator.controlUrl}/updateMember`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ guildId, userId, deaf: true }),
      });
      const deafened = await listening.next(
        (p) => p.t === 'VOICE_STATE_UPDATE' && p.d.user_id === userId && p.d.deaf,
      );
      expect(deafened.d).toMatchObject({ mute: true, deaf: true });
      // Without GUILD_VOICE_STATES a session hears nothing of it; the heartbeat ACK proves it caught up.
      deafToVoice.send(1, null);
      await deafToVoice.next((p) => p.op === 11);
      expect(deafToVoice.dispatches('VOICE_STATE_UPDATE')).toEqual([]);
      // A mute/deafen alone is not a GUILD_MEMBER_UPDATE.
      expect(listening.dispatches('GUILD_MEMBER_UPDATE')).toEqual([]);
    });

    it('refuses a member who is not in voice with 400 / 40032, over REST and the control API', async () => {
      const { guildId, userId } = moderatedGuild();
      for (const body of [{ mute: true }, { deaf: false }, { nick: 'quiet', mute: true }]) {
        const refused = await fetch(`${emulator.apiUrl}/v10/guilds/${guildId}/members/${userId}`, {
          method: 'PATCH',
          headers: bot(),
          body: JSON.stringify(body),
        });
        expect(refused.status).toBe(400);
        expect(await refused.json()).toEqual({
          message: 'Target user is not connected to voice.',
          code: 40032,
        });
      }
      const control = await fetch(`${emulator.controlUrl}/updateMember`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ guildId, userId, mute: true }),
      });
      expect(control.status).toBe(400);
      expect(((await control.json()) as { code: number }).code).toBe(40032);
      // Nothing changed, not even the nick sent alongside.
      const member = emulator.control.guild({ guildId }) as unknown as {
        members: { user: { id: string }; nick: string | null; mute: boolean }[];
      };
      expect(member.members.find((m) => m.user.id === userId)).toMatchObject({ nick: null, mute: false });
      // null means "leave as is", as on Discord: no 40032.
      const untouched = await fetch(`${emulator.apiUrl}/v10/guilds/${guildId}/members/${userId}`, {
        method: 'PATCH',
        headers: bot(),
        body: JSON.stringify({ mute: null, deaf: null, nick: 'ok' }),
      });
      expect(untouched.status).toBe(200);
    });

    it('keeps a server mute for the next join, as Discord does', async () => {
      const { guildId, voiceId, userId } = moderatedGuild();
      emulator.control.joinVoice({ channelId: voiceId, userId });
      emulator.control.updateMember({ guildId, userId, mute: true });
      emulator.control.leaveVoice({ guildId, userId });
      const rejoined = emulator.control.joinVoice({ channelId: voiceId, userId }) as { mute: boolean };
      expect(rejoined.mute).toBe(true);
    });
  });

  describe('leniency on gateway payloads', () => {
    it('takes op 4 with null or missing self_mute/self_deaf, and integer snowflakes', async () => {
      const demo = emulator.demo!;
      const connection = await gateway(Intent.GUILDS | Intent.GUILD_VOICE_STATES);
      const botId = connection.ready.d.user.id as string;
      connection.send(4, {
        guild_id: demo.guildId,
        channel_id: demo.voiceChannelId,
        self_mute: null,
        self_deaf: null,
      });
      const joined = await connection.next((p) => p.t === 'VOICE_SERVER_UPDATE');
      expect(joined.d.guild_id).toBe(demo.guildId);
      const state = connection.dispatches('VOICE_STATE_UPDATE').find((p) => p.d.user_id === botId);
      expect(state?.d).toMatchObject({ channel_id: demo.voiceChannelId, self_mute: false, self_deaf: false });
      // discord.py and others send snowflakes as JSON numbers: 64-bit, beyond a double's precision.
      connection.sendRaw(`{"op":4,"d":{"guild_id":${demo.guildId},"channel_id":null}}`);
      await connection.next(
        (p) => p.t === 'VOICE_STATE_UPDATE' && p.d.user_id === botId && p.d.channel_id === null,
      );
      expect(emulator.control.voiceStates({ guildId: demo.guildId })).toEqual([]);
    });

    it('takes op 8 with null fields and ignores an invalid nonce instead of closing', async () => {
      const demo = emulator.demo!;
      const connection = await gateway(Intent.GUILDS | Intent.GUILD_MEMBERS);
      connection.send(8, {
        guild_id: demo.guildId,
        query: null,
        limit: null,
        presences: null,
        user_ids: null,
        nonce: 'x'.repeat(40),
      });
      const chunk = await connection.next((p) => p.t === 'GUILD_MEMBERS_CHUNK');
      expect(chunk.d.members.length).toBeGreaterThan(3);
      expect(chunk.d).not.toHaveProperty('nonce');
      connection.sendRaw(
        `{"op":8,"d":{"guild_id":${demo.guildId},"user_ids":[${demo.memberIds[0]}],"limit":0,"nonce":"n1"}}`,
      );
      const byId = await connection.next((p) => p.t === 'GUILD_MEMBERS_CHUNK' && p.d.nonce === 'n1');
      expect(byId.d.members.map((m: { user: { id: string } }) => m.user.id)).toEqual([demo.memberIds[0]]);
      connection.send(3, { since: null, activities: [], status: 'online', afk: false });
      connection.send(1, null);
      await connection.next((p) => p.op === 11);
    });
  });

  describe('voice reception over the control API', () => {
    it('says so when the emulator runs without a voice server, and 404s nothing', async () => {
      const answer = await rawExchange(`${base}/control/voice/${emulator.demo!.guildId}`);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body).error).toMatch(/without a voice server/);
      const unknown = await rawExchange(`${base}/control/voice/123456789012345678`);
      expect(unknown.status).toBe(404);
      expect(JSON.parse(unknown.body).code).toBe(10004);
    });
  });

  describe('the control API only answers this machine', () => {
    const describeUrl = () => `${base}/control/describe`;

    it('refuses a Host that is not a loopback name (DNS rebinding)', async () => {
      for (const host of [
        'attacker.example',
        'attacker.example:80',
        '192.168.1.10',
        '127.0.0.1.attacker.example',
      ]) {
        const answer = await rawExchange(describeUrl(), { headers: { Host: host } });
        expect(answer.status, host).toBe(403);
        expect(answer.body).not.toContain(emulator.token);
      }
      for (const host of ['localhost', 'LOCALHOST:4010', '127.0.0.1:1', '[::1]:9']) {
        expect((await rawExchange(describeUrl(), { headers: { Host: host } })).status, host).toBe(200);
      }
    });

    it('refuses a foreign Origin and takes a loopback one', async () => {
      for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example']) {
        const answer = await rawExchange(describeUrl(), { headers: { Origin: origin } });
        expect(answer.status, origin).toBe(403);
      }
      const local = await rawExchange(describeUrl(), { headers: { Origin: 'http://localhost:5173' } });
      expect(local.status).toBe(200);
    });

    it('takes bodies as JSON only: a cross-site form creates nothing', async () => {
      const before = (emulator.control.sessions() as unknown[]).length;
      for (const [type, body] of [
        ['application/x-www-form-urlencoded', 'username=formuser'],
        ['text/plain', '{"username":"formuser"}'],
        [
          'multipart/form-data; boundary=x',
          '--x\r\nContent-Disposition: form-data; name="username"\r\n\r\nformuser\r\n--x--\r\n',
        ],
      ] as const) {
        const answer = await rawExchange(`${base}/control/createUser`, {
          method: 'POST',
          headers: { 'Content-Type': type },
          body,
        });
        expect(answer.status, type).toBe(415);
      }
      const guild = emulator.control.guild({ guildId: emulator.demo!.guildId }) as { members: unknown[] };
      expect(guild.members).toHaveLength(5);
      expect((emulator.control.sessions() as unknown[]).length).toBe(before);
      const json = await rawExchange(`${base}/control/createUser`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: '{"username":"jsonuser"}',
      });
      expect(json.status).toBe(200);
      // A POST without a body needs no content type.
      expect((await rawExchange(`${base}/control/clearRateLimits`, { method: 'POST' })).status).toBe(200);
    });
  });
});
