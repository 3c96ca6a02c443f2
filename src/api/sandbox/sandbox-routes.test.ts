/**
 * The sandbox routes' guard over real HTTP, on a bare Fastify app with the API's error handling:
 * loopback host names and origins only (DNS rebinding, foreign pages), JSON writes, and live
 * listeners per client address.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordEmulator, startDiscordEmulator } from '../../emulators/discord/index.ts';
import type { RateLimitTier } from '../../http/index.ts';
import type { SandboxHandle } from '../../runtime/index.ts';
import { registerErrorHandling } from '../errors.ts';
import { sandboxRoutes } from './sandbox-routes.ts';

async function sandboxApp(emulator: DiscordEmulator, allowRemote: boolean) {
  let listeners = 0;
  const handle: SandboxHandle = {
    controlUrl: emulator.controlUrl,
    // Silence is enough: the stream's pacer fills gaps itself.
    listenToVoice: () => {
      listeners += 1;
      return () => {
        listeners -= 1;
      };
    },
    voiceActivity: () => ({ connected: false, lastPacketAt: null }),
    allowRemote,
  };
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  await app.register(sandboxRoutes, {
    prefix: '/api/sandbox',
    sandbox: handle,
    pollRateLimit: {} as RateLimitTier,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { app, base, listeners: () => listeners };
}

describe('the sandbox routes’ guard', () => {
  let emulator: DiscordEmulator;
  let local: Awaited<ReturnType<typeof sandboxApp>>;
  let remote: Awaited<ReturnType<typeof sandboxApp>>;
  const inject = (app: FastifyInstance, headers: Record<string, string>, method: 'GET' | 'POST' = 'GET') =>
    app.inject({
      method,
      url: method === 'GET' ? '/api/sandbox' : '/api/sandbox/voice',
      headers: method === 'POST' ? { 'content-type': 'application/json', ...headers } : headers,
      ...(method === 'POST'
        ? {
            payload: JSON.stringify({
              userId: emulator.demo!.memberIds[2],
              channelId: emulator.demo!.voiceChannelId,
            }),
          }
        : {}),
    });

  beforeAll(async () => {
    emulator = await startDiscordEmulator({ demo: true });
    local = await sandboxApp(emulator, false);
    remote = await sandboxApp(emulator, true);
  });
  afterAll(async () => {
    await local?.app.close();
    await remote?.app.close();
    await emulator?.close();
  });

  it('refuses a DNS-rebound host name even when Origin matches it, reads included', async () => {
    const rebound = await inject(
      local.app,
      { host: 'attacker.example:3000', origin: 'http://attacker.example:3000' },
      'POST',
    );
    expect(rebound.statusCode).toBe(403);
    expect(rebound.json().error).toBe('SANDBOX_LOOPBACK_ONLY');
    expect((await inject(local.app, { host: 'attacker.example' })).statusCode).toBe(403);
    expect(emulator.control.voiceStates({ guildId: emulator.demo!.guildId })).toEqual([]);
  });

  it('refuses a foreign Origin and takes loopback ones (the dashboard dev server included)', async () => {
    const foreign = await inject(local.app, { host: '127.0.0.1:3000', origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error).toBe('CROSS_ORIGIN');
    for (const [host, origin] of [
      ['127.0.0.1:3000', 'http://localhost:5173'],
      ['[::1]:3000', 'http://[::1]:3000'],
      ['localhost:3000', 'http://127.0.0.1:3000'],
    ] as const) {
      expect((await inject(local.app, { host, origin })).statusCode, `${host} ${origin}`).toBe(200);
    }
  });

  it('takes writes as JSON only', async () => {
    const form = await local.app.inject({
      method: 'POST',
      url: '/api/sandbox/voice',
      headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'localhost' },
      payload: 'userId=1',
    });
    expect(form.statusCode).toBe(415);
  });

  it('with SANDBOX_ALLOW_REMOTE answers other host names, from their own origin only', async () => {
    expect((await inject(remote.app, { host: 'gramophone.lan:3000' })).statusCode).toBe(200);
    expect(
      (await inject(remote.app, { host: 'gramophone.lan:3000', origin: 'http://gramophone.lan:3000' }))
        .statusCode,
    ).toBe(200);
    expect(
      (await inject(remote.app, { host: 'gramophone.lan:3000', origin: 'https://evil.example' })).statusCode,
    ).toBe(403);
  });

  it('limits live listeners per client address, and frees the slots on hang-up', async () => {
    const url = `${local.base}/api/sandbox/voice/${emulator.demo!.guildId}/audio`;
    const aborts: AbortController[] = [];
    const open = (abort = new AbortController()) => {
      aborts.push(abort);
      return fetch(url, { signal: abort.signal });
    };
    try {
      const first = await open();
      const second = await open();
      expect([first.status, second.status]).toEqual([200, 200]);
      const third = await open();
      expect(third.status).toBe(429);
      expect(((await third.json()) as { message: string }).message).toMatch(/one address/);
    } finally {
      for (const abort of aborts.splice(0)) abort.abort();
    }
    await expect.poll(() => local.listeners(), { timeout: 5_000 }).toBe(0);
    try {
      expect((await open()).status).toBe(200);
    } finally {
      for (const abort of aborts.splice(0)) abort.abort();
    }
    await expect.poll(() => local.listeners(), { timeout: 5_000 }).toBe(0);
  });
});
