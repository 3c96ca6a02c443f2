/**
 * `/api/sandbox/*` over HTTP against the Discord emulator's control API (demo world), with a
 * sandbox handle whose "voice server" plays a tone on demand: validation with field paths, the
 * cross-site guard on writes, users acting in the demo server, and the live MP3 stream.
 */
import { Events, type Interaction } from 'discord.js';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../src/api/index.ts';
import { type Bus, createBus, MemoryBusHub } from '../../src/bus/index.ts';
import { parseConfig } from '../../src/config/index.ts';
import { type Database, migrate } from '../../src/db/index.ts';
import { type DiscordEmulator, startDiscordEmulator } from '../../src/emulators/discord/index.ts';
import { HealthRegistry } from '../../src/health/index.ts';
import { silentLogger } from '../../src/logging/index.ts';
import { createMetricsRegistry } from '../../src/metrics/index.ts';
import type { SandboxHandle } from '../../src/runtime/index.ts';
import { loginClient } from '../emulator/helpers.ts';
import { createTestDatabase, type TestDatabaseTarget } from '../support/databases.ts';
import { eventually } from '../support/eventually.ts';
import { measureLiveMp3 } from '../support/mp3-loudness.ts';

/** 20 ms of a 440 Hz tone, 48 kHz stereo s16le, at half scale. */
function toneFrame(startSample: number): Buffer {
  const frame = Buffer.alloc(960 * 4);
  for (let i = 0; i < 960; i += 1) {
    const value = Math.round(16_384 * Math.sin((2 * Math.PI * 440 * (startSample + i)) / 48_000));
    frame.writeInt16LE(value, i * 4);
    frame.writeInt16LE(value, i * 4 + 2);
  }
  return frame;
}

/** How far ahead of the clock the fake voice side delivers: a receiver's jitter buffer. */
const TONE_LEAD_MS = 300;

/**
 * A sandbox handle on the emulator, whose voice side sends a tone while `playing` is set. It
 * keeps to the clock rather than to its timer: a late tick sends every frame that fell due (and
 * stays TONE_LEAD_MS ahead), so a busy machine delays the tone but does not cut holes in it.
 */
function fakeSandbox(controlUrl: string) {
  let playing = false;
  let listeners = 0;
  const handle: SandboxHandle = {
    controlUrl,
    listenToVoice(_guildId, onPcm) {
      listeners += 1;
      let sample = 0;
      let sentUntil = performance.now();
      const timer = setInterval(() => {
        const now = performance.now();
        if (!playing) {
          sentUntil = now;
          return;
        }
        for (; sentUntil < now + TONE_LEAD_MS; sentUntil += 20) {
          onPcm(toneFrame(sample));
          sample += 960;
        }
      }, 20);
      return () => {
        listeners -= 1;
        clearInterval(timer);
      };
    },
    voiceActivity: () => ({ connected: playing, lastPacketAt: playing ? Date.now() : null }),
  };
  return {
    handle,
    play: (on: boolean) => {
      playing = on;
    },
    listeners: () => listeners,
  };
}

interface Harness {
  app: FastifyInstance;
  database: Database;
  bus: Bus;
  target: TestDatabaseTarget;
}

async function startApi(emulator: DiscordEmulator, sandbox: SandboxHandle | undefined): Promise<Harness> {
  const target = await createTestDatabase('pglite');
  const database = await target.open();
  await migrate(database);
  const bus = await createBus({
    logger: silentLogger(),
    commandTimeoutMs: 2_000,
    memoryHub: new MemoryBusHub(),
    instanceId: 'sandbox-test',
  });
  const config = parseConfig({
    DISCORD_CLIENT_ID: emulator.applicationId,
    DISCORD_CLIENT_SECRET: emulator.clientSecret,
    DISCORD_API_URL: emulator.apiUrl,
    DISCORD_OAUTH_AUTHORIZE_URL: emulator.oauthUrl,
  });
  const app = buildApiServer({
    logger: silentLogger(),
    health: new HealthRegistry(),
    metrics: createMetricsRegistry({ instance: 'test', roles: 'api' }),
    config,
    database,
    bus,
    ...(sandbox ? { sandbox } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, database, bus, target };
}

async function stopApi(harness: Harness | undefined): Promise<void> {
  if (!harness) return;
  await harness.app.close();
  await harness.bus.close();
  await harness.database.close();
  await harness.target.dispose();
}

describe('the sandbox API', () => {
  let emulator: DiscordEmulator;
  let harness: Harness;
  let sandbox: ReturnType<typeof fakeSandbox>;
  let base = '';
  const json = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    harness.app.inject({
      method: method as 'POST',
      url: path,
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(body),
    });

  beforeAll(async () => {
    emulator = await startDiscordEmulator({ demo: true });
    sandbox = fakeSandbox(emulator.controlUrl);
    harness = await startApi(emulator, sandbox.handle);
    const address = harness.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await stopApi(harness);
    await emulator?.close();
  });

  it('describes the demo server: channels, users by name (owner first), the bot, voice', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/api/sandbox' });
    expect(response.statusCode).toBe(200);
    const state = response.json();
    const demo = emulator.demo!;
    expect(state.guild).toEqual({ id: demo.guildId, name: 'Gramophone Demo' });
    expect(state.users.map((u: { name: string }) => u.name)).toEqual(['Demo Owner', 'Alice', 'Bob', 'Carol']);
    expect(state.users[1]).toMatchObject({
      id: demo.memberIds[0],
      username: 'alice',
      roles: ['DJ'],
      owner: false,
    });
    expect(state.channels).toEqual([
      { id: demo.textChannelId, name: 'general', kind: 'text', category: null },
      { id: demo.musicTextChannelId, name: 'music', kind: 'text', category: 'Music Room' },
      { id: demo.voiceChannelId, name: 'Music', kind: 'voice', category: 'Music Room' },
    ]);
    expect(state.bot).toMatchObject({ name: 'Gramophone', bot: true });
    expect(state.defaults).toEqual({
      textChannelId: demo.musicTextChannelId,
      voiceChannelId: demo.voiceChannelId,
    });
    expect(state.audio).toEqual({ connected: false, sending: false, lastPacketAt: null });
  });

  it('documents its routes in the OpenAPI document', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths).filter((path) => path.startsWith('/api/sandbox'));
    expect(paths.sort()).toEqual([
      '/api/sandbox',
      '/api/sandbox/autocomplete',
      '/api/sandbox/buttons',
      '/api/sandbox/channels/{channelId}/messages',
      '/api/sandbox/commands',
      '/api/sandbox/locale',
      '/api/sandbox/messages',
      '/api/sandbox/selects',
      '/api/sandbox/voice',
      '/api/sandbox/voice/{guildId}/audio',
    ]);
  });

  it('refuses bad input with the field paths', async () => {
    const demo = emulator.demo!;
    const badId = await json('POST', '/api/sandbox/commands', {
      userId: 'alice',
      channelId: demo.musicTextChannelId,
      command: 'play',
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json()).toMatchObject({
      error: 'VALIDATION_FAILED',
      details: [{ path: 'userId', message: 'must be a Discord id' }],
    });

    // A well-formed id that isn't one of the demo users, and the bot itself.
    for (const userId of ['123456789012345678', emulator.describe().botUserId]) {
      const stranger = await json('POST', '/api/sandbox/voice', { userId, channelId: demo.voiceChannelId });
      expect(stranger.statusCode).toBe(400);
      expect(stranger.json().details).toEqual([
        { path: 'userId', message: 'not a user of the sandbox server' },
      ]);
    }
    const textAsVoice = await json('POST', '/api/sandbox/voice', {
      userId: demo.memberIds[0],
      channelId: demo.musicTextChannelId,
    });
    expect(textAsVoice.json().details).toEqual([{ path: 'channelId', message: 'not a voice channel' }]);
    const unknownField = await json('POST', '/api/sandbox/buttons', {
      userId: demo.memberIds[0],
      messageId: demo.guildId,
      customId: 'x',
      extra: true,
    });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().details[0].path).toContain('extra');
    const noMessage = await json('POST', '/api/sandbox/buttons', {
      userId: demo.memberIds[0],
      messageId: '123456789012345678',
      customId: 'np:skip',
    });
    expect(noMessage.json().details).toEqual([{ path: 'messageId', message: 'no such message' }]);
    const badLimit = await harness.app.inject({
      method: 'GET',
      url: `/api/sandbox/channels/${demo.musicTextChannelId}/messages?limit=0`,
    });
    expect(badLimit.statusCode).toBe(400);
    expect(badLimit.json().details[0].path).toBe('limit');
    const voiceChannelMessages = await harness.app.inject({
      method: 'GET',
      url: `/api/sandbox/channels/${demo.voiceChannelId}/messages`,
    });
    expect(voiceChannelMessages.statusCode).toBe(404);
  });

  it('passes on what the emulator refuses', async () => {
    const demo = emulator.demo!;
    const response = await json('POST', '/api/sandbox/commands', {
      userId: demo.memberIds[0],
      channelId: demo.musicTextChannelId,
      command: 'nosuchcommand',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe('SANDBOX_REFUSED');
    expect(response.json().message).toMatch(/nosuchcommand/);
    // The kind, for the page to say in the user's language.
    expect(response.json().details).toEqual({ refusal: 'unknownCommand' });
  });

  it('switches a demo user’s client language, and lists the roles people can be given', async () => {
    const demo = emulator.demo!;
    const alice = demo.memberIds[0] as string;
    const switched = await json('POST', '/api/sandbox/locale', { userId: alice, locale: 'de' });
    expect(switched.statusCode).toBe(200);
    const state = (await harness.app.inject({ method: 'GET', url: '/api/sandbox' })).json();
    expect(state.users.find((u: { id: string }) => u.id === alice).locale).toBe('de');
    expect(state.users.find((u: { id: string }) => u.id === demo.ownerId).locale).toBe('en-US');
    expect(state.roles).toEqual([{ id: demo.djRoleId, name: 'DJ' }]);
    const unsupported = await json('POST', '/api/sandbox/locale', { userId: alice, locale: 'ja' });
    expect(unsupported.statusCode).toBe(400);
    expect(unsupported.json().details[0].path).toBe('locale');
    await json('POST', '/api/sandbox/locale', { userId: alice, locale: 'en-US' });
  });

  it('asks the bot for suggestions while an autocomplete option is typed', async () => {
    const demo = emulator.demo!;
    const bot = await loginClient(emulator, {}, (client) =>
      client.on(Events.InteractionCreate, (interaction: Interaction) => {
        if (!interaction.isAutocomplete()) return;
        const typed = String(interaction.options.getFocused());
        void interaction.respond([
          { name: `${typed} (live)`, value: `${typed} live` },
          { name: `${typed} (studio)`, value: `${typed} studio` },
        ]);
      }),
    );
    try {
      await bot.application!.commands.set(
        [
          {
            name: 'find',
            description: 'Finds a song',
            options: [
              { type: 3, name: 'query', description: 'What', required: true, autocomplete: true },
              { type: 5, name: 'next', description: 'Next' },
            ],
          },
        ],
        demo.guildId,
      );
      const body = {
        userId: demo.memberIds[0],
        channelId: demo.musicTextChannelId,
        command: 'find',
        options: { query: 'never gon', next: true },
        focused: 'query',
      };
      const answered = await json('POST', '/api/sandbox/autocomplete', body);
      expect(answered.statusCode).toBe(200);
      expect(answered.json()).toEqual({
        choices: [
          { name: 'never gon (live)', value: 'never gon live' },
          { name: 'never gon (studio)', value: 'never gon studio' },
        ],
      });
      const notAutocompleted = await json('POST', '/api/sandbox/autocomplete', { ...body, focused: 'next' });
      expect(notAutocompleted.statusCode).toBe(400);
      expect(notAutocompleted.json().error).toBe('SANDBOX_REFUSED');
    } finally {
      await bot.destroy();
    }
  });

  it('takes writes only as JSON from its own origin', async () => {
    const demo = emulator.demo!;
    const body = { userId: demo.memberIds[1], channelId: demo.voiceChannelId };
    const form = await harness.app.inject({
      method: 'POST',
      url: '/api/sandbox/voice',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'userId=1',
    });
    expect(form.statusCode).toBe(415);
    const plain = await harness.app.inject({
      method: 'POST',
      url: '/api/sandbox/voice',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify(body),
    });
    expect(plain.statusCode).toBe(415);
    const crossSite = await json('POST', '/api/sandbox/voice', body, { origin: 'https://evil.example' });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().error).toBe('CROSS_ORIGIN');
    expect(emulator.control.voiceStates({ guildId: demo.guildId })).toEqual([]);

    const sameSite = await json('POST', '/api/sandbox/voice', body, {
      origin: 'http://localhost',
      host: 'localhost',
    });
    expect(sameSite.statusCode).toBe(200);
    expect(sameSite.json().voiceStates).toEqual([
      { userId: demo.memberIds[1], channelId: demo.voiceChannelId },
    ]);
    const left = await json('POST', '/api/sandbox/voice', { userId: demo.memberIds[1], channelId: null });
    expect(left.json().voiceStates).toEqual([]);
  });

  it('sends a user’s message and lists the channel, newest last', async () => {
    const demo = emulator.demo!;
    for (const content of ['first', 'second']) {
      const sent = await json('POST', '/api/sandbox/messages', {
        userId: demo.memberIds[2],
        channelId: demo.textChannelId,
        content,
      });
      expect(sent.statusCode).toBe(200);
    }
    const listed = await harness.app.inject({
      method: 'GET',
      url: `/api/sandbox/channels/${demo.textChannelId}/messages?viewer=${demo.memberIds[2]}`,
    });
    expect(listed.statusCode).toBe(200);
    const messages = listed.json().messages;
    expect(messages.map((m: { content: string }) => m.content)).toEqual(['first', 'second']);
    expect(messages[1]).toMatchObject({
      author: { id: demo.memberIds[2], name: 'Carol', bot: false },
      ephemeral: false,
      embeds: [],
      components: [],
      command: null,
    });
  });

  it('streams the voice as MP3: silence at first, the tone while it plays, and stops its encoder on hang-up', async () => {
    const url = `${base}/api/sandbox/voice/${emulator.demo!.guildId}/audio`;
    // Read by what decodes, not for a fixed time: the stream flows before anything plays.
    const silent = await measureLiveMp3(url, { seconds: 1 });
    expect(silent.seconds).toBeGreaterThanOrEqual(1);
    expect(silent.rms).toBeLessThan(0.001);
    await eventually(() => expect(sandbox.listeners()).toBe(0));

    sandbox.play(true);
    try {
      const state = (await harness.app.inject({ method: 'GET', url: '/api/sandbox' })).json();
      expect(state.audio.sending).toBe(true);
      const tone = await measureLiveMp3(url, { seconds: 1.5 });
      // A half-scale sine: RMS 0.35.
      expect(tone.rms).toBeGreaterThan(0.2);
      expect(tone.seconds).toBeGreaterThanOrEqual(1.5);
    } finally {
      sandbox.play(false);
    }
    await eventually(() => expect(sandbox.listeners()).toBe(0));

    const elsewhere = await harness.app.inject({
      method: 'GET',
      url: '/api/sandbox/voice/123456789012345678/audio',
    });
    expect(elsewhere.statusCode).toBe(404);
  });
});

describe('without a sandbox', () => {
  let emulator: DiscordEmulator;
  let harness: Harness;
  beforeAll(async () => {
    emulator = await startDiscordEmulator({ demo: true });
    harness = await startApi(emulator, undefined);
  });
  afterAll(async () => {
    await stopApi(harness);
    await emulator?.close();
  });

  it('has no sandbox routes', async () => {
    for (const [method, url] of [
      ['GET', '/api/sandbox'],
      ['GET', '/api/sandbox/commands'],
      ['POST', '/api/sandbox/voice'],
      ['GET', `/api/sandbox/voice/${emulator.demo!.guildId}/audio`],
    ] as const) {
      const response = await harness.app.inject({
        method,
        url,
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        ...(method === 'POST' ? { payload: '{}' } : {}),
      });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().error).toBe('NOT_FOUND');
    }
    expect((await harness.app.inject({ method: 'GET', url: '/api/meta' })).json().sandbox).toBe(false);
  });
});
