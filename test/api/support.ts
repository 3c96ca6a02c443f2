import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { buildApiServer, type RateLimitTiers } from '../../src/api/index.ts';
import { type Bus, createBus, MemoryBusHub } from '../../src/bus/index.ts';
import { type AnyCapability, composeCapabilities } from '../../src/capability/index.ts';
import { type Config, parseConfig } from '../../src/config/index.ts';
import { type Database, migrate } from '../../src/db/index.ts';
import { type DiscordEmulator, startDiscordEmulator } from '../../src/emulators/discord/index.ts';
import { gatewayRole } from '../../src/gateway/index.ts';
import { HealthRegistry } from '../../src/health/index.ts';
import { JobQueue } from '../../src/jobs/index.ts';
import { silentLogger } from '../../src/logging/index.ts';
import { createMetricsRegistry } from '../../src/metrics/index.ts';
import { capabilities } from '../../src/registry/index.ts';
import type { AppContext, RunningRole } from '../../src/runtime/index.ts';
import { GuildSettingsRepository } from '../../src/settings/index.ts';
import { createTestDatabase, type TestDatabaseTarget } from '../support/databases.ts';

export const PUBLIC_URL = 'http://panel.test';
/** The panel's SECRET_KEY in tests (set, so no key file is written under ./data). */
export const TEST_SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

/** A control panel wired to the Discord emulator, a test database and an in-memory bus. */
export interface PanelHarness {
  app: FastifyInstance;
  emulator: DiscordEmulator;
  database: Database;
  bus: Bus;
  config: Config;
  /** Every route Fastify registered, as `METHOD url`. */
  routes: { method: string; url: string }[];
  /** A second bus on the same hub, as another process would see it. */
  observer: Bus;
  /** The job queue the routes send to; started only with `startJobs`. */
  jobs: JobQueue;
  close(): Promise<void>;
}

export interface PanelOptions {
  kind: 'pglite' | 'postgres';
  /** Start a real gateway role (discord.js) logged in to the emulator, on the same bus. */
  gateway?: boolean;
  rateLimits?: Partial<RateLimitTiers>;
  /** More environment, e.g. `{ BOT_API_KEYS }`. */
  env?: Record<string, string>;
  /** The capabilities the roles compose; src/registry's by default. */
  capabilities?: readonly AnyCapability[];
  /** Start the job queue, for routes that send jobs (the test works the queues it needs). */
  startJobs?: boolean;
}

/** Starts the emulator (demo world), the database, the bus, optionally the gateway, and the api. */
export async function startPanel(options: PanelOptions): Promise<PanelHarness> {
  const emulator = await startDiscordEmulator({ demo: true });
  const target: TestDatabaseTarget = await createTestDatabase(options.kind);
  const database = await target.open();
  await migrate(database);
  const hub = new MemoryBusHub();
  const busOptions = { logger: silentLogger(), commandTimeoutMs: 2_000, memoryHub: hub };
  const bus = await createBus({ ...busOptions, instanceId: 'panel-test' });
  const observer = await createBus({ ...busOptions, instanceId: 'observer' });
  const config = parseConfig({
    DISCORD_CLIENT_ID: emulator.applicationId,
    DISCORD_CLIENT_SECRET: emulator.clientSecret,
    DISCORD_API_URL: emulator.apiUrl,
    DISCORD_OAUTH_AUTHORIZE_URL: emulator.oauthUrl,
    DISCORD_TOKEN: emulator.token,
    PUBLIC_URL,
    SECRET_KEY: TEST_SECRET_KEY,
    ...options.env,
  });
  const metrics = createMetricsRegistry({ instance: 'test', roles: 'api' });
  const base = {
    logger: silentLogger(),
    health: new HealthRegistry(),
    metrics,
    // Started only with `startJobs`: most routes under test send no job (the worker's tests cover jobs).
    jobs: new JobQueue({ database, logger: silentLogger(), registry: metrics }),
    capabilities: composeCapabilities(options.capabilities ?? capabilities),
  };
  let gateway: RunningRole | undefined;
  if (options.gateway) {
    const context = { ...base, config, database, bus, roles: ['gateway', 'api'] } as unknown as AppContext;
    gateway = await gatewayRole.start(context);
  } else {
    // What the gateway would have recorded: the bot is in the demo guild.
    const demo = emulator.demo!;
    await new GuildSettingsRepository(database.db).upsertGuild({ id: demo.guildId, name: 'Gramophone Demo' });
  }
  if (options.startJobs) await base.jobs.start();
  const app = buildApiServer({ ...base, config, database, bus }, { rateLimits: options.rateLimits });
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  await app.ready();
  return {
    app,
    emulator,
    database,
    bus,
    config,
    routes,
    observer,
    jobs: base.jobs,
    close: async () => {
      await app.close();
      if (options.startJobs) await base.jobs.stop();
      await gateway?.stop();
      await observer.close();
      await bus.close();
      await database.close();
      await target.dispose();
      await emulator.close();
    },
  };
}

/** A logged-in browser: its cookie jar (session only) and CSRF token. */
export interface Browser {
  userId: string;
  cookie: string;
  csrfToken: string;
  /** inject with the session cookie, and the CSRF header on anything but GET. */
  request(options: InjectOptions & { csrf?: boolean }): Promise<LightMyRequestResponse>;
}

function cookieOf(response: LightMyRequestResponse, name: string) {
  return response.cookies.find((c) => c.name === name);
}

/**
 * Logs in the way a browser does: our login route, the emulator's authorize page (as
 * `userId`, through `login_as`), then our callback with the state cookie.
 */
export async function logIn(harness: PanelHarness, userId: string, userAgent = 'vitest'): Promise<Browser> {
  const { app } = harness;
  const start = await app.inject({ method: 'GET', url: '/api/auth/discord/login' });
  expect(start.statusCode).toBe(302);
  const stateCookie = cookieOf(start, 'gramophone_oauth_state');
  const authorize = new URL(String(start.headers.location));
  authorize.searchParams.set('login_as', userId);
  const consent = await fetch(authorize, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  const callback = new URL(String(consent.headers.get('location')));
  expect(`${callback.origin}${callback.pathname}`).toBe(`${PUBLIC_URL}/api/auth/discord/callback`);
  const done = await app.inject({
    method: 'GET',
    url: `${callback.pathname}${callback.search}`,
    headers: { cookie: `gramophone_oauth_state=${stateCookie?.value}`, 'user-agent': userAgent },
  });
  expect(done.statusCode).toBe(302);
  expect(done.headers.location).toBe('/');
  const session = cookieOf(done, 'gramophone_session');
  if (!session) throw new Error('no session cookie after login');
  const cookie = `gramophone_session=${session.value}`;
  const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
  expect(me.statusCode).toBe(200);
  const csrfToken = me.json().csrfToken as string;
  return {
    userId,
    cookie,
    csrfToken,
    request: (options) => {
      const { csrf = true, headers, ...rest } = options;
      const method = (rest.method ?? 'GET').toUpperCase();
      return app.inject({
        ...rest,
        headers: {
          ...headers,
          cookie,
          ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrfToken } : {}),
        },
      } as InjectOptions);
    },
  };
}
