/**
 * Control panel API latency and throughput over real HTTP (loopback): a guild with a million
 * plays (BENCH_PLAYS), then `GET /api/guilds/:id/analytics` for every range: the first request
 * (which counts the range's window afresh), the service alone (p95), then over HTTP one request
 * at a time (p50, p95, p99) and BENCH_CONCURRENCY at a time (requests/s); last, the first
 * summary of each sliding range in the next hours (the window moves).
 * Also `GET /api/guilds/:id/queue`: the live queue, asked of the gateway over the in-memory bus.
 * A bus handler answers it with a realistic 100-track snapshot (not a real MusicService and
 * player), so that line is the API's side: session, guard, bus round trip, validation, JSON;
 * its "service" column is the bus round trip alone.
 * The requests carry a panel session, logged in through the Discord emulator's OAuth2, so they
 * pay for everything a browser's would: session lookup, guild access guard, rollup queries.
 *
 * PGlite (in memory) by default; PostgreSQL when DATABASE_URL is set (a fresh database on that
 * server, dropped at the end).
 *
 *   npm run bench:api
 *   BENCH_PLAYS=100000 BENCH_SECONDS=2 DATABASE_URL=postgres://… npm run bench:api
 */
import { randomBytes } from 'node:crypto';
import { AnalyticsService, analyticsRanges } from '../src/analytics/index.ts';
import { buildApiServer } from '../src/api/index.ts';
import { createBus } from '../src/bus/index.ts';
import { parseConfig } from '../src/config/index.ts';
import { migrate } from '../src/db/index.ts';
import { startDiscordEmulator } from '../src/emulators/discord/index.ts';
import { GATEWAY_ADDRESS } from '../src/gateway/index.ts';
import { HealthRegistry } from '../src/health/index.ts';
import { JobQueue } from '../src/jobs/index.ts';
import { silentLogger } from '../src/logging/index.ts';
import { createMetricsRegistry } from '../src/metrics/index.ts';
import { MUSIC_SNAPSHOT_COMMAND } from '../src/music/index.ts';
import { capabilities } from '../src/registry/index.ts';
import { GuildSettingsRepository } from '../src/settings/index.ts';
import { createTestDatabase } from '../test/support/databases.ts';
import { aQueueSnapshot } from '../test/support/music-snapshots.ts';
import { seedGuildHistory } from './analytics-seed.ts';

const PLAYS = Number(process.env.BENCH_PLAYS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const UNLIMITED = { max: 1_000_000_000, timeWindow: 60_000 };

/** One request the bench measures. */
interface Scenario {
  name: string;
  path: string;
  headers: Record<string, string>;
}

const log = (line: string) => console.log(line);
const kind = process.env.DATABASE_URL ? 'postgres' : 'pglite';
const target = await createTestDatabase(kind);
const database = await target.open();
const emulator = await startDiscordEmulator({ demo: true });
const bus = await createBus({ logger: silentLogger(), instanceId: 'bench', commandTimeoutMs: 5_000 });
// The gateway's side of `music.snapshot`, as another process on the same (in-memory) bus.
const gatewayBus = await createBus({
  logger: silentLogger(),
  instanceId: 'bench-gateway',
  commandTimeoutMs: 5_000,
});
const app = buildApiServer(
  {
    logger: silentLogger(),
    health: new HealthRegistry(),
    metrics: createMetricsRegistry({ instance: 'bench', roles: 'api' }),
    config: parseConfig({
      DISCORD_CLIENT_ID: emulator.applicationId,
      DISCORD_CLIENT_SECRET: emulator.clientSecret,
      DISCORD_API_URL: emulator.apiUrl,
      DISCORD_OAUTH_AUTHORIZE_URL: emulator.oauthUrl,
      PUBLIC_URL: 'http://127.0.0.1',
      // Else the first login would write DATA_DIR/secret-key in the working directory.
      SECRET_KEY: randomBytes(32).toString('hex'),
    }),
    database,
    bus,
    // Never started: the routes under test send no jobs.
    jobs: new JobQueue({
      database,
      logger: silentLogger(),
      registry: createMetricsRegistry({ instance: 'bench', roles: 'api' }),
    }),
    capabilities,
  },
  { rateLimits: { strict: UNLIMITED, normal: UNLIMITED, lenient: UNLIMITED } },
);

try {
  await migrate(database);
  const demo = emulator.demo!;
  await new GuildSettingsRepository(database.db).upsertGuild({ id: demo.guildId, name: 'Bench Guild' });
  log(`api bench on ${kind}: seeding ${PLAYS.toLocaleString('en-US')} plays for one guild`);
  const seeded = await seedGuildHistory(database, demo.guildId, PLAYS, new Date(), log);
  log(
    `  seeded in ${(seeded.insertMs / 1000).toFixed(1)} s, rollups rebuilt in ${(seeded.rebuildMs / 1000).toFixed(1)} s`,
  );

  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const cookie = await logInOverHttp(base, demo.ownerId);
  const session = { cookie };
  /**
   * What is measured, one line each: a name, a path and the headers it needs (the bot API's
   * routes would take `{ authorization: 'Bearer <key>' }`, with BOT_API_KEYS in the config).
   */
  const scenarios: Scenario[] = analyticsRanges.map((range) => ({
    name: `GET analytics ${range}`,
    path: `/api/guilds/${demo.guildId}/analytics?range=${range}`,
    headers: session,
  }));
  const liveQueue = aQueueSnapshot(
    demo.guildId,
    Array.from({ length: 101 }, (_, i) => `Track number ${i + 1} of the bench queue`),
  );
  await gatewayBus.handle(GATEWAY_ADDRESS, MUSIC_SNAPSHOT_COMMAND, () => liveQueue);
  scenarios.push({
    name: 'GET queue (100 tracks)',
    path: `/api/guilds/${demo.guildId}/queue`,
    headers: session,
  });
  const askGateway = () => bus.request(GATEWAY_ADDRESS, MUSIC_SNAPSHOT_COMMAND, { guildId: demo.guildId });

  const service = new AnalyticsService(database);
  const columns = ['request', 'first', 'service p95', 'HTTP p50', 'p95', 'p99', `${CONCURRENCY} at a time`];
  const widths = [22, 10, 12, 10, 9, 9, 15];
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' ');
  log(`\n${line(columns)}`);
  for (const scenario of scenarios) {
    const call = () => request(base, scenario);
    // The first request of a range counts its window afresh (once; then it moves hour by hour).
    const first = await measure(0, 1, call);
    await measure(0.5, 1, call); // warm-up: JIT, plans, caches
    const range = analyticsRanges.find((r) => scenario.name === `GET analytics ${r}`);
    const direct = range
      ? await measure(SECONDS / 2, 1, () => service.summary(demo.guildId, range))
      : await measure(SECONDS / 2, 1, askGateway);
    const sequential = await measure(SECONDS, 1, call);
    const concurrent = await measure(SECONDS, CONCURRENCY, call);
    log(
      line([
        scenario.name,
        ms(first.p50),
        direct ? ms(direct.p95) : '',
        ms(sequential.p50),
        ms(sequential.p95),
        ms(sequential.p99),
        `${Math.round(concurrent.perSecond)} req/s`,
      ]),
    );
  }
  // The first summary in a new hour moves the window: it subtracts the hour that left.
  const moves: string[] = [];
  for (const range of ['1d', '7d', '30d'] as const) {
    for (let hours = 1; hours <= 3; hours++) {
      const later = new AnalyticsService(database, { now: () => new Date(Date.now() + hours * 3_600_000) });
      const moved = await measure(0, 1, () => later.summary(demo.guildId, range));
      moves.push(`${range} +${hours} h ${ms(moved.p50)}`);
    }
  }
  log(`\nfirst summary in a new hour (window moved): ${moves.join(', ')}`);
} finally {
  await app.close();
  await gatewayBus.close();
  await bus.close();
  await emulator.close();
  await database.close();
  await target.dispose();
}

async function request(base: string, scenario: Scenario): Promise<void> {
  const response = await fetch(`${base}${scenario.path}`, { headers: scenario.headers });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${scenario.name}: HTTP ${response.status}`);
}

/** Runs `call` from `concurrency` loops for `seconds` (once at least); latencies in ms and calls/s. */
async function measure(seconds: number, concurrency: number, call: () => Promise<unknown>) {
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      do {
        const sent = performance.now();
        await call();
        latencies.push(performance.now() - sent);
      } while (performance.now() < until);
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  const elapsed = (performance.now() - started) / 1000;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), perSecond: latencies.length / elapsed };
}

function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

/** The browser's login: our login route, the emulator's authorize page (`login_as`), our callback. */
async function logInOverHttp(base: string, userId: string): Promise<string> {
  const start = await fetch(`${base}/api/auth/discord/login`, { redirect: 'manual' });
  const state = /gramophone_oauth_state=([^;]+)/.exec(start.headers.get('set-cookie') ?? '')?.[1];
  const authorize = new URL(start.headers.get('location') ?? '');
  authorize.searchParams.set('login_as', userId);
  const consent = await fetch(authorize, { redirect: 'manual' });
  const callback = new URL(consent.headers.get('location') ?? '');
  const done = await fetch(`${base}${callback.pathname}${callback.search}`, {
    redirect: 'manual',
    headers: { cookie: `gramophone_oauth_state=${state}` },
  });
  const session = /gramophone_session=([^;]+)/.exec(done.headers.get('set-cookie') ?? '')?.[1];
  if (!session) throw new Error(`login failed: HTTP ${done.status} to ${done.headers.get('location')}`);
  return `gramophone_session=${session}`;
}
