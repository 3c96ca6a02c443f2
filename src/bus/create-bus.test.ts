import { register as globalRegistry, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { testKeyPrefix } from '../../test/support/isolation.ts';
import { silentLogger } from '../logging/index.ts';
import { createBus } from './create-bus.ts';
import { BusCommandError } from './errors.ts';
import { MemoryBusHub } from './memory-bus.ts';
import type { Bus } from './types.ts';

// The Redis side runs where a Redis is given (CI always gives one); redis-bus.test.ts covers it fully.
const REDIS_URL = process.env.REDIS_URL;

describe('createBus', () => {
  const buses: Bus[] = [];
  const track = (bus: Bus) => {
    buses.push(bus);
    return bus;
  };
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
  });
  const base = { instanceId: 'test', logger: silentLogger(), commandTimeoutMs: 1000 };

  it('makes an in-memory bus without a Redis URL', async () => {
    const memory = track(await createBus({ ...base, memoryHub: new MemoryBusHub() }));
    expect(memory.kind).toBe('memory');
  });

  if (REDIS_URL) {
    it('makes a Redis bus with a Redis URL', async () => {
      const redis = track(
        await createBus({ ...base, redisUrl: REDIS_URL, keyPrefix: testKeyPrefix('create-bus') }),
      );
      expect(redis.kind).toBe('redis');
      await expect(redis.ping()).resolves.toBeUndefined();
    });
  }

  it('refuses bad options with a message naming them', async () => {
    await expect(createBus({ ...base, redisUrl: 'http://127.0.0.1:6379' })).rejects.toThrow(/REDIS_URL/);
    await expect(createBus({ ...base, instanceId: 'has space' })).rejects.toThrow(/instanceId/);
    await expect(createBus({ ...base, commandTimeoutMs: 0 })).rejects.toThrow(/commandTimeoutMs/);
  });

  it('counts events and commands by outcome in the registry it is given', async () => {
    const registry = new Registry();
    const hub = new MemoryBusHub();
    const server = track(await createBus({ ...base, instanceId: 'server', memoryHub: hub, registry }));
    // A second bus on the same registry shares the metrics instead of failing to register them.
    const client = track(await createBus({ ...base, instanceId: 'client', memoryHub: hub, registry }));
    await server.handle('svc', 'ok', () => 'fine');
    await server.handle('svc', 'refuse', () => {
      throw new BusCommandError('NOPE', 'no');
    });
    await server.handle('svc', 'slow', () => new Promise((resolve) => setTimeout(resolve, 200)));

    await client.publish('player.state', {});
    await client.publish('player.state', {});
    await client.request('svc', 'ok', {});
    await client.request('svc', 'refuse', {}).catch(() => undefined);
    await client.request('svc', 'missing', {}).catch(() => undefined);
    await client.request('svc', 'slow', {}, { timeoutMs: 20 }).catch(() => undefined);
    await client.close();
    await client.publish('player.state', {});
    await client.request('svc', 'ok', {}).catch(() => undefined);

    const text = await registry.metrics();
    expect(text).toContain('gramophone_bus_events_published_total{topic="player.state"} 2');
    expect(text).toContain('gramophone_bus_events_dropped_total 1');
    for (const [command, outcome] of [
      ['ok', 'ok'],
      ['refuse', 'error'],
      ['missing', 'no_handler'],
      ['slow', 'timeout'],
      ['ok', 'unavailable'],
    ]) {
      expect(text).toContain(`gramophone_bus_commands_total{command="${command}",outcome="${outcome}"} 1`);
    }
    expect(text).toContain('gramophone_bus_command_duration_seconds_count{command="ok"} 1');
    expect(text).toContain('gramophone_bus_command_duration_seconds_count{command="refuse"} 1');
    expect(text).not.toContain('gramophone_bus_command_duration_seconds_count{command="slow"}');
    expect(await globalRegistry.metrics()).not.toContain('gramophone_bus_');
  });

  it('registers nothing globally when no registry is given', async () => {
    const bus = track(await createBus({ ...base, memoryHub: new MemoryBusHub() }));
    await bus.publish('t', {});
    expect(globalRegistry.getSingleMetric('gramophone_bus_events_published_total')).toBeUndefined();
  });
});
