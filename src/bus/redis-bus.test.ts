import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { testKeyPrefix } from '../../test/support/isolation.ts';
import { silentLogger } from '../logging/index.ts';
import { capturingLogger, defineBusContract, eventually } from './bus-contract.ts';
import { busChannels } from './envelope.ts';
import { BusUnavailableError } from './errors.ts';
import { createRedisBus } from './redis-bus.ts';
import type { Bus } from './types.ts';

// vitest.config.ts runs this file only where REDIS_URL is set (CI always sets it).
const REDIS_URL = process.env.REDIS_URL ?? '';

/** A fresh prefix per network, so parallel test files sharing this Redis never hear each other. */
const uniquePrefix = () => testKeyPrefix('redis-bus');

defineBusContract('redis', async () => {
  const keyPrefix = uniquePrefix();
  const raw = new Redis(REDIS_URL);
  return {
    connect: (instanceId, options) =>
      createRedisBus({
        redisUrl: REDIS_URL,
        keyPrefix,
        instanceId,
        logger: options?.logger ?? silentLogger(),
        commandTimeoutMs: options?.commandTimeoutMs ?? 2000,
      }),
    publishRaw: async (channel, message) => void (await raw.publish(channel, message)),
    eventChannel: (topic) => busChannels(keyPrefix).event(topic),
    close: async () => void (await raw.quit()),
  };
});

describe('redis bus', () => {
  const buses: Bus[] = [];
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
  });

  it('keeps deployments with different key prefixes apart on one Redis', async () => {
    const options = { redisUrl: REDIS_URL, logger: silentLogger(), commandTimeoutMs: 1000 };
    const mine = await createRedisBus({ ...options, instanceId: 'a', keyPrefix: uniquePrefix() });
    const theirs = await createRedisBus({ ...options, instanceId: 'b', keyPrefix: uniquePrefix() });
    buses.push(mine, theirs);
    const heard: unknown[] = [];
    await theirs.subscribe('t', (event) => void heard.push(event.payload));
    await theirs.handle('svc', 'echo', (payload) => payload);
    await mine.publish('t', 'hello');
    await expect(mine.request('svc', 'echo', 1)).rejects.toMatchObject({ code: 'NO_HANDLER' });
    await theirs.publish('t', 'own');
    await eventually(() => expect(heard).toEqual(['own']));
  });

  it('fails to start with an error naming REDIS_URL when Redis does not answer', async () => {
    // Port 1 refuses connections (nothing unprivileged can listen there).
    const port = 1;
    const started = Date.now();
    const error = await createRedisBus({
      redisUrl: `redis://user:hunter2@127.0.0.1:${port}`,
      instanceId: 'x',
      logger: silentLogger(),
      commandTimeoutMs: 1000,
      connectTimeoutMs: 300,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BusUnavailableError);
    expect((error as Error).message).toContain('REDIS_URL');
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    expect((error as Error).message).not.toContain('hunter2');
    // Fails fast rather than retrying forever; 3x the old bound for a busy machine.
    expect(Date.now() - started).toBeLessThan(9_000);
  });

  describe('across a Redis restart', () => {
    let server: ChildProcess | undefined;
    afterAll(async () => {
      await stopRedis(server);
    });

    it('drops events and refuses commands during the outage, then resumes with subscriptions restored', async () => {
      // The restart below reuses the port of this first start.
      const first = await startRedisOnFreePort();
      server = first.child;
      const port = first.port;
      const redisUrl = `redis://127.0.0.1:${port}`;
      const { logger, lines } = capturingLogger();
      const options = { redisUrl, keyPrefix: uniquePrefix(), commandTimeoutMs: 1000 };
      const listener = await createRedisBus({ ...options, instanceId: 'listener', logger: silentLogger() });
      const sender = await createRedisBus({ ...options, instanceId: 'sender', logger });
      buses.push(listener, sender);
      const heard: number[] = [];
      await listener.subscribe<number>('beat', (event) => void heard.push(event.payload));
      await listener.handle<number, number>('svc', 'double', (n) => n * 2);

      await sender.publish('beat', 1);
      await eventually(() => expect(heard).toEqual([1]));
      await expect(sender.request('svc', 'double', 21)).resolves.toBe(42);

      await stopRedis(server);
      server = undefined;
      await eventually(async () => {
        await expect(sender.request('svc', 'double', 1)).rejects.toMatchObject({ code: 'BUS_UNAVAILABLE' });
      });
      await expect(sender.publish('beat', 2)).resolves.toBeUndefined();
      expect(lines().some((line) => line.msg === 'Bus unavailable: event dropped')).toBe(true);
      await expect(sender.ping()).rejects.toBeInstanceOf(BusUnavailableError);

      server = await startRedis(port);
      let beat = 100;
      await eventually(async () => {
        await sender.publish('beat', beat++);
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(heard.some((value) => value >= 100)).toBe(true);
      }, 10_000);
      await expect(sender.request('svc', 'double', 5)).resolves.toBe(10);
      await expect(sender.ping()).resolves.toBeUndefined();
      expect(heard).not.toContain(2);
      expect(lines().some((line) => line.msg === 'Redis connection restored')).toBe(true);
    });
  });
});

/** A port nobody listens on at this moment: another process may take it before redis-server binds it. */
async function unusedPort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

/**
 * redis-server on a free port. It cannot bind port 0 (that turns TCP off), so a port taken
 * between the probe and redis-server's bind is retried with another one.
 */
async function startRedisOnFreePort(): Promise<{ child: ChildProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await unusedPort();
    try {
      return { child: await startRedis(port), port };
    } catch (error) {
      if (attempt >= 5 || !/already in use/i.test((error as Error).message)) throw error;
    }
  }
}

/** Our own redis-server, so killing it disturbs nobody else's tests. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 5000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
  return child;
}

async function stopRedis(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}
