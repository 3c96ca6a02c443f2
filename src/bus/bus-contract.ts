import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../test/support/eventually.ts';
import { createLogger, currentCorrelationId, type Logger, withCorrelationId } from '../logging/index.ts';
import { BusCommandError, BusNoHandlerError, BusPayloadError, BusTimeoutError } from './errors.ts';
import type { Bus, BusEvent, CommandContext } from './types.ts';

export { eventually };

/**
 * One behaviour contract for every bus transport: memory-bus.test.ts and redis-bus.test.ts
 * both run it, so the in-memory bus used in development cannot drift from Redis in production.
 */

/** A set of buses that hear each other, like processes sharing one Redis. */
export interface BusNetwork {
  /** A new bus (a "process") on this network. */
  connect(instanceId: string, options?: { commandTimeoutMs?: number; logger?: Logger }): Promise<Bus>;
  /** Puts raw text on a channel, as a misbehaving peer would. */
  publishRaw(channel: string, message: string): Promise<void>;
  /** The channel carrying `topic` on this network. */
  eventChannel(topic: string): string;
  close(): Promise<void>;
}

/** A JSON pino logger whose lines tests can read. */
export function capturingLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { logger: createLogger({ level: 'debug', format: 'json', destination }), lines: () => lines };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function defineBusContract(name: string, openNetwork: () => Promise<BusNetwork>): void {
  describe(`${name} bus contract`, () => {
    let network: BusNetwork;
    const buses: Bus[] = [];
    const connect = async (instanceId: string, options?: { commandTimeoutMs?: number; logger?: Logger }) => {
      const bus = await network.connect(instanceId, options);
      buses.push(bus);
      return bus;
    };

    beforeEach(async () => {
      network = await openNetwork();
    });
    afterEach(async () => {
      await Promise.all(buses.splice(0).map((bus) => bus.close()));
      await network.close();
    });

    describe('events', () => {
      it('reaches every subscriber of the topic in every process, and no other topic', async () => {
        const [alpha, beta, publisher] = await Promise.all([
          connect('alpha'),
          connect('beta'),
          connect('pub'),
        ]);
        const seen: Array<[string, BusEvent]> = [];
        await alpha.subscribe('player.state', (event) => void seen.push(['alpha', event]));
        await beta.subscribe('player.state', (event) => void seen.push(['beta', event]));
        await beta.subscribe('queue.changed', (event) => void seen.push(['beta-queue', event]));

        await publisher.publish('player.state', { guildId: '1', playing: true });

        await eventually(() => expect(seen.map(([who]) => who).sort()).toEqual(['alpha', 'beta']));
        const [, event] = seen[0]!;
        expect(event).toMatchObject({
          topic: 'player.state',
          payload: { guildId: '1', playing: true },
          source: 'pub',
        });
        expect(Math.abs(event.publishedAt - Date.now())).toBeLessThan(5000);
        await sleep(50);
        expect(seen.filter(([who]) => who === 'beta-queue')).toEqual([]);
      });

      it('stops delivering to a handler once unsubscribed, while others on the topic keep receiving', async () => {
        const [listener, publisher] = await Promise.all([connect('listener'), connect('pub')]);
        const gone: unknown[] = [];
        const kept: unknown[] = [];
        const unsubscribe = await listener.subscribe('t', (event) => void gone.push(event.payload));
        await listener.subscribe('t', (event) => void kept.push(event.payload));
        await publisher.publish('t', 1);
        await eventually(() => expect(gone).toEqual([1]));

        await unsubscribe();
        await publisher.publish('t', 2);
        await eventually(() => expect(kept).toEqual([1, 2]));
        expect(gone).toEqual([1]);
      });

      it('delivers asynchronously, never inside the publish call', async () => {
        const bus = await connect('solo');
        let delivered = false;
        await bus.subscribe('t', () => {
          delivered = true;
        });
        const publishing = bus.publish('t', {});
        expect(delivered).toBe(false);
        await publishing;
        await eventually(() => expect(delivered).toBe(true));
      });

      it("gives each subscriber a copy: changing it alters neither the publisher's object nor another subscriber's", async () => {
        const [listener, publisher] = await Promise.all([connect('listener'), connect('pub')]);
        const received: Array<{ tags: string[] }> = [];
        const mutate = (event: BusEvent<{ tags: string[] }>) => {
          event.payload.tags.push('changed');
          received.push(event.payload);
        };
        await listener.subscribe('t', mutate);
        await listener.subscribe('t', mutate);
        const original = { tags: ['a'], when: new Date(0) };
        await publisher.publish('t', original);
        await eventually(() => expect(received).toHaveLength(2));
        expect(original.tags).toEqual(['a']);
        expect(received.map((payload) => payload.tags)).toEqual([
          ['a', 'changed'],
          ['a', 'changed'],
        ]);
        // JSON semantics: a Date arrives as its ISO string, as it would from another process.
        expect(received[0]).toMatchObject({ when: '1970-01-01T00:00:00.000Z' });
      });

      it('rejects a payload JSON cannot carry with INVALID_PAYLOAD', async () => {
        const bus = await connect('solo');
        const circular: Record<string, unknown> = {};
        circular.self = circular;
        await expect(bus.publish('t', { count: 1n })).rejects.toBeInstanceOf(BusPayloadError);
        await expect(bus.publish('t', circular)).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
        await expect(bus.request('x', 'y', { count: 1n })).rejects.toMatchObject({ code: 'INVALID_PAYLOAD' });
      });

      it('keeps working after a handler throws, and logs the failure', async () => {
        const { logger, lines } = capturingLogger();
        const [listener, publisher] = await Promise.all([connect('listener', { logger }), connect('pub')]);
        const received: unknown[] = [];
        await listener.subscribe('t', () => {
          throw new Error('subscriber bug');
        });
        await listener.subscribe('t', (event) => void received.push(event.payload));
        await publisher.publish('t', 'a');
        await publisher.publish('t', 'b');
        await eventually(() => expect(received).toEqual(['a', 'b']));
        await eventually(() =>
          expect(lines().filter((line) => line.msg === 'Bus event handler failed')).toHaveLength(2),
        );
      });

      it('logs and drops a malformed message, then carries on', async () => {
        const { logger, lines } = capturingLogger();
        const [listener, publisher] = await Promise.all([connect('listener', { logger }), connect('pub')]);
        const received: unknown[] = [];
        await listener.subscribe('t', (event) => void received.push(event.payload));
        await network.publishRaw(network.eventChannel('t'), 'not json at all');
        await network.publishRaw(
          network.eventChannel('t'),
          JSON.stringify({ v: 1, kind: 'event', topic: 't' }),
        );
        await publisher.publish('t', 'fine');
        await eventually(() => expect(received).toEqual(['fine']));
        expect(lines().filter((line) => line.msg === 'Malformed bus message dropped')).toHaveLength(2);
      });
    });

    describe('commands', () => {
      it('round-trips a request to a handler in another process, with payload and context', async () => {
        const [server, client] = await Promise.all([connect('server'), connect('client')]);
        const contexts: CommandContext[] = [];
        await server.handle<{ a: number; b: number }, { sum: number }>('math', 'add', ({ a, b }, context) => {
          contexts.push(context);
          return { sum: a + b };
        });
        await expect(client.request('math', 'add', { a: 2, b: 3 })).resolves.toEqual({ sum: 5 });
        expect(contexts[0]).toMatchObject({ command: 'add', address: 'math', source: 'client' });
      });

      it('carries an absent payload and an absent result as undefined', async () => {
        const [server, client] = await Promise.all([connect('server'), connect('client')]);
        const payloads: unknown[] = [];
        await server.handle('svc', 'fire', (payload) => {
          payloads.push(payload);
        });
        await expect(client.request('svc', 'fire', undefined)).resolves.toBeUndefined();
        expect(payloads).toEqual([undefined]);
      });

      it('carries the correlation id to command handlers and event subscribers', async () => {
        const [server, client] = await Promise.all([connect('server'), connect('client')]);
        const seen: Array<string | undefined> = [];
        await server.handle('svc', 'who', (_payload, context) => {
          seen.push(context.correlationId, currentCorrelationId());
          return null;
        });
        await server.subscribe('t', (event) => void seen.push(event.correlationId, currentCorrelationId()));
        await withCorrelationId('corr-42', async () => {
          await client.request('svc', 'who', null);
          await client.publish('t', null);
        });
        await eventually(() => expect(seen).toEqual(['corr-42', 'corr-42', 'corr-42', 'corr-42']));
      });

      it("re-throws a handler's BusCommandError with its code, message and details", async () => {
        const [server, client] = await Promise.all([connect('server'), connect('client')]);
        await server.handle('queue:1', 'add', () => {
          throw new BusCommandError('QUEUE_FULL', 'The queue is full', { limit: 500 });
        });
        const error = await client.request('queue:1', 'add', {}).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(BusCommandError);
        expect(error).toMatchObject({
          code: 'QUEUE_FULL',
          message: 'The queue is full',
          details: { limit: 500 },
        });
      });

      it('answers any other throw as INTERNAL without its message, and logs it', async () => {
        const { logger, lines } = capturingLogger();
        const [server, client] = await Promise.all([connect('server', { logger }), connect('client')]);
        await server.handle('svc', 'explode', () => {
          throw new Error('secret database password in stack');
        });
        const error = await client.request('svc', 'explode', {}).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(BusCommandError);
        expect(error).toMatchObject({ code: 'INTERNAL' });
        expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(
          'secret',
        );
        expect(lines().some((line) => line.msg === 'Bus command handler failed unexpectedly')).toBe(true);
      });

      it('fails with NO_HANDLER well before the timeout when nobody listens at the address', async () => {
        const client = await connect('client', { commandTimeoutMs: 10_000 });
        const started = Date.now();
        await expect(client.request('nobody-home', 'ping', {})).rejects.toBeInstanceOf(BusNoHandlerError);
        // A third of the timeout: room for a busy machine, far from waiting the timeout out.
        expect(Date.now() - started).toBeLessThan(3_000);
      });

      it('fails with NO_HANDLER fast when the address listens but not for that command', async () => {
        const [server, client] = await Promise.all([
          connect('server'),
          connect('client', { commandTimeoutMs: 10_000 }),
        ]);
        await server.handle('svc', 'known', () => 'ok');
        const started = Date.now();
        await expect(client.request('svc', 'unknown', {})).rejects.toMatchObject({ code: 'NO_HANDLER' });
        expect(Date.now() - started).toBeLessThan(3_000);
      });

      it('lets a real reply win when several processes listen at the address and only one handles it', async () => {
        const [handling, other, client] = await Promise.all([connect('a'), connect('b'), connect('client')]);
        await other.handle('shared', 'something-else', () => 'no');
        await handling.handle('shared', 'work', () => 'done');
        for (let round = 0; round < 5; round += 1) {
          await expect(client.request('shared', 'work', {})).resolves.toBe('done');
        }
      });

      it('stops answering once the handler is removed', async () => {
        const [server, client] = await Promise.all([connect('server'), connect('client')]);
        const stop = await server.handle('svc', 'echo', (payload) => payload);
        await expect(client.request('svc', 'echo', 'x')).resolves.toBe('x');
        await stop();
        await expect(client.request('svc', 'echo', 'x')).rejects.toBeInstanceOf(BusNoHandlerError);
      });

      it('times out a slow handler with a message naming address, command and wait, and ignores the late reply', async () => {
        const { logger, lines } = capturingLogger();
        const [server, client] = await Promise.all([connect('server'), connect('client', { logger })]);
        let finished = 0;
        await server.handle('slow', 'work', async () => {
          await sleep(250);
          finished += 1;
          return 'late';
        });
        const error = await client
          .request('slow', 'work', {}, { timeoutMs: 80 })
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(BusTimeoutError);
        expect((error as Error).message).toContain('"work"');
        expect((error as Error).message).toContain('"slow"');
        expect((error as Error).message).toContain('80 ms');
        await eventually(() => expect(finished).toBe(1));
        await eventually(() =>
          expect(
            lines().some((line) => String(line.msg).startsWith('Bus reply for no pending request')),
          ).toBe(true),
        );
        await expect(client.request('slow', 'work', {}, { timeoutMs: 2000 })).resolves.toBe('late');
      });

      it('matches concurrent requests to their own replies', async () => {
        const [server, client] = await Promise.all([connect('server'), connect('client')]);
        await server.handle<number, number>('svc', 'square', async (n) => {
          await sleep((n * 7) % 20);
          return n * n;
        });
        const numbers = Array.from({ length: 40 }, (_, index) => index);
        const results = await Promise.all(
          numbers.map((n) => client.request<number, number>('svc', 'square', n)),
        );
        expect(results).toEqual(numbers.map((n) => n * n));
      });

      it('rejects pending requests when the requester closes', async () => {
        const [server, client] = await Promise.all([connect('server'), connect('client')]);
        await server.handle('slow', 'work', () => sleep(500));
        const pending = client.request('slow', 'work', {}).catch((caught: unknown) => caught);
        await sleep(20);
        await client.close();
        await expect(pending).resolves.toMatchObject({ code: 'BUS_UNAVAILABLE' });
      });
    });

    it('answers ping while open', async () => {
      const bus = await connect('solo');
      await expect(bus.ping()).resolves.toBeUndefined();
    });
  });
}
