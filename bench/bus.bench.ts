/**
 * Bus throughput and latency: events/s (publisher to a subscriber in another bus instance) and
 * command round trip p50/p99, for the memory bus and, when reachable, Redis
 * (REDIS_URL or redis://127.0.0.1:6379). Bounded to a few seconds; prints figures only.
 *
 *   node bin/run-ts.js bench/bus.bench.ts
 */
import { randomUUID } from 'node:crypto';
import { type Bus, createBus, MemoryBusHub } from '../src/bus/index.ts';
import { silentLogger } from '../src/logging/index.ts';

const EVENT_PHASE_MS = 1500;
const COMMAND_PHASE_MS = 1000;
const EVENT_BATCH = 200;
const payload = {
  guildId: '123456789012345678',
  position: 42_000,
  track: { title: 'Benchmark', length: 180_000 },
};

async function measureEvents(publisher: Bus, subscriber: Bus): Promise<number> {
  let received = 0;
  const unsubscribe = await subscriber.subscribe('bench.event', () => {
    received += 1;
  });
  let sent = 0;
  const started = performance.now();
  while (performance.now() - started < EVENT_PHASE_MS) {
    await Promise.all(Array.from({ length: EVENT_BATCH }, () => publisher.publish('bench.event', payload)));
    sent += EVENT_BATCH;
  }
  // Count until everything sent has arrived (or a second passes), so the rate is end to end.
  const drainUntil = performance.now() + 1000;
  while (received < sent && performance.now() < drainUntil)
    await new Promise((resolve) => setImmediate(resolve));
  const seconds = (performance.now() - started) / 1000;
  await unsubscribe();
  return received / seconds;
}

async function measureCommands(
  client: Bus,
  server: Bus,
): Promise<{ count: number; p50: number; p99: number }> {
  const stop = await server.handle('bench', 'echo', (request) => request);
  const latencies: number[] = [];
  const started = performance.now();
  while (performance.now() - started < COMMAND_PHASE_MS) {
    const sentAt = performance.now();
    await client.request('bench', 'echo', payload);
    latencies.push(performance.now() - sentAt);
  }
  await stop();
  latencies.sort((a, b) => a - b);
  const at = (quantile: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(quantile * latencies.length))] ?? NaN;
  return { count: latencies.length, p50: at(0.5), p99: at(0.99) };
}

async function run(label: string, connect: (instanceId: string) => Promise<Bus>): Promise<void> {
  const [first, second] = await Promise.all([connect('bench-a'), connect('bench-b')]);
  try {
    const eventsPerSecond = await measureEvents(first, second);
    const commands = await measureCommands(first, second);
    console.log(
      `${label.padEnd(7)} events: ${Math.round(eventsPerSecond).toLocaleString('en-US').padStart(9)}/s   ` +
        `commands: ${commands.count} sequential round trips, p50 ${commands.p50.toFixed(3)} ms, p99 ${commands.p99.toFixed(3)} ms`,
    );
  } finally {
    await Promise.all([first.close(), second.close()]);
  }
}

const common = { logger: silentLogger(), commandTimeoutMs: 5000 };
const hub = new MemoryBusHub();
await run('memory', (instanceId) => createBus({ ...common, instanceId, memoryHub: hub }));

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const keyPrefix = `bench-${randomUUID().slice(0, 8)}:`;
try {
  await run('redis', (instanceId) =>
    createBus({ ...common, instanceId, redisUrl, keyPrefix, connectTimeoutMs: 2000 }),
  );
} catch (error) {
  console.log(`redis   skipped: ${error instanceof Error ? error.message : String(error)}`);
}
