import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { type Logger, silentLogger } from '../../logging/index.ts';
import { DiscordControl } from './control/control.ts';
import { registerControlRoutes } from './control/routes.ts';
import { type DemoWorld, seedDemo, seedSpareGuild } from './demo.ts';
import { InteractionRegistry } from './domain/interactions.ts';
import { OAuthService } from './domain/oauth.ts';
import { createApplication } from './domain/users.ts';
import { disconnectSessionVoice } from './domain/voice.ts';
import type { World, WorldLimits } from './domain/world.ts';
import { GatewayHub } from './gateway/hub.ts';
import { GatewayServer } from './gateway/server.ts';
import type { GatewaySession } from './gateway/session.ts';
import type { RestContext } from './rest/context.ts';
import { RateLimiter } from './rest/rate-limit.ts';
import { buildHttpApp } from './rest/server.ts';
import { restoreWorld, snapshotWorld } from './state/snapshot.ts';
import { EmulatorStore } from './state/store.ts';
import type { ApplicationRecord } from './state/types.ts';
import { WorldFile } from './state/world-file.ts';
import { PlaceholderVoiceServer, type VoiceServerPort } from './voice-port.ts';

const optionsSchema = z.object({
  port: z.number().int().min(0).max(65_535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
  token: z.string().min(10).optional(),
  clientSecret: z.string().min(8).optional(),
  applicationName: z.string().min(1).max(32).default('Gramophone'),
  demo: z.boolean().default(false),
  /**
   * A file to keep the world in: loaded at start when it exists (ids, guilds, members, messages,
   * commands, logins), written shortly after every change and on close. Without it the world
   * lives in memory only.
   */
  statePath: z.string().min(1).optional(),
  /** With `demo`: a second guild of the owner's without the bot, to try the bot invite on. */
  demoSpareGuild: z.boolean().default(false),
  voice: z
    .custom<VoiceServerPort>((v) => typeof v === 'object' && v !== null && 'allocate' in v && 'release' in v)
    .optional(),
  logger: z.custom<Logger>((v) => typeof v === 'object' && v !== null && 'info' in v).optional(),
  heartbeatIntervalMs: z.number().int().min(100).default(41_250),
  recommendedShards: z.number().int().min(1).optional(),
  maxGuildsPerShard: z.number().int().min(1).default(2500),
  maxConcurrency: z.number().int().min(1).default(16),
  resumeWindowMs: z.number().int().min(1000).default(120_000),
  replayBufferSize: z.number().int().min(10).default(5_000),
  routeRateLimitPerSecond: z.number().int().min(1).default(50),
  limits: z
    .object({
      channelRenames: z
        .object({ count: z.number().int().min(1), windowMs: z.number().int().min(1) })
        .nullable()
        .optional(),
      maxUploadBytes: z.number().int().min(1).optional(),
      interactionAckMs: z.number().int().min(1).optional(),
      interactionTokenMs: z.number().int().min(1).optional(),
    })
    .default({}),
});

/** Options of `startDiscordEmulator`. */
export type DiscordEmulatorOptions = z.input<typeof optionsSchema>;

/** What `describe()` reports: URLs, credentials and (with `demo`) the demo world's ids. */
export interface EmulatorDescription extends Partial<DemoWorld> {
  apiUrl: string;
  gatewayUrl: string;
  oauthUrl: string;
  controlUrl: string;
  token: string;
  applicationId: string;
  clientSecret: string;
  botUserId: string;
}

/** A running emulator. */
export interface DiscordEmulator {
  /** `http://host:port/api`: what discord.js takes as `rest.api`. */
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  /** The authorize page (`/oauth2/authorize`). */
  readonly oauthUrl: string;
  readonly controlUrl: string;
  readonly token: string;
  readonly applicationId: string;
  readonly clientSecret: string;
  readonly control: DiscordControl;
  readonly voice: VoiceServerPort;
  readonly demo: DemoWorld | null;
  describe(): EmulatorDescription;
  close(): Promise<void>;
}

const GATEWAY_PATH = '/gateway';

/**
 * Starts the Discord emulator: REST v10, the gateway and OAuth2 on one port, plus the control API.
 * Point unmodified discord.js at it with `new Client({ rest: { api: emulator.apiUrl } })` and log in
 * with `emulator.token`.
 */
export async function startDiscordEmulator(input: DiscordEmulatorOptions = {}): Promise<DiscordEmulator> {
  const options = optionsSchema.parse(input);
  const logger = options.logger ?? silentLogger();
  const store = new EmulatorStore();
  const hub = new GatewayHub(store, {
    resumeWindowMs: options.resumeWindowMs,
    replayBufferSize: options.replayBufferSize,
  });
  let baseUrl = '';
  const limits: WorldLimits = {
    channelRenames:
      options.limits.channelRenames === undefined
        ? { count: 2, windowMs: 600_000 }
        : options.limits.channelRenames,
    maxUploadBytes: options.limits.maxUploadBytes ?? 10 * 1024 * 1024,
    interactionAckMs: options.limits.interactionAckMs ?? 3_000,
    interactionTokenMs: options.limits.interactionTokenMs ?? 15 * 60_000,
  };
  let file: WorldFile | null = null;
  const world: World = {
    store,
    // Every change the gateway hears of is a change to store.
    sink: {
      dispatch: (event) => {
        hub.dispatch(event);
        file?.changed();
      },
    },
    voice: options.voice ?? new PlaceholderVoiceServer(),
    limits,
    logger,
    baseUrl: () => baseUrl,
  };
  const oauth = new OAuthService(world);
  const saved = options.statePath ? await WorldFile.load(options.statePath, logger) : null;
  const restored = saved ? restoreWorld(store, saved) : null;
  if (restored) oauth.importGrants(restored.oauth);
  const app = restored
    ? reuseApplication(store, restored.applicationId, options)
    : createApplication(world, {
        name: options.applicationName,
        ...(options.token ? { token: options.token } : {}),
        ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
      });
  hub.on('end', (session: GatewaySession) => disconnectSessionVoice(world, session));
  const interactions = new InteractionRegistry(world);
  const limiter = new RateLimiter(options.routeRateLimitPerSecond);
  const control = new DiscordControl(world, hub, interactions, oauth, limiter, app.id);
  let demo = restored ? restored.demo : options.demo ? seedDemo(control) : null;
  if (demo && options.demoSpareGuild && !demo.spareGuildId) demo = seedSpareGuild(control, demo);
  if (options.statePath) {
    file = new WorldFile(
      options.statePath,
      () =>
        snapshotWorld(store, {
          applicationId: app.id,
          demo,
          oauth: oauth.exportGrants(),
          savedAt: new Date(),
        }),
      logger,
    );
    if (restored) logger.info({ path: options.statePath }, 'discord emulator: world restored');
    await file.save();
  }

  const gatewayUrl = () => `${baseUrl.replace(/^http/, 'ws')}${GATEWAY_PATH}`;
  const ctx: RestContext = {
    world,
    interactions,
    oauth,
    limiter,
    gatewayUrl,
    maxConcurrency: options.maxConcurrency,
    recommendedShards: (applicationId) => {
      if (options.recommendedShards) return options.recommendedShards;
      const bot = store.applications.get(applicationId)?.botUserId ?? '';
      return Math.max(1, Math.ceil(store.guildsOfUser(bot).length / 1000));
    },
  };
  let describe = (): EmulatorDescription => {
    throw new Error('not listening yet');
  };
  const http = await buildHttpApp(ctx, async (fastify) => {
    registerControlRoutes(fastify, control, () => describe());
    // REST and control writes (commands registered, users made, tokens issued) change the world too.
    fastify.addHook('onResponse', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') file?.changed();
    });
  });
  await http.listen({ port: options.port, host: options.host });
  const address = http.server.address() as AddressInfo;
  const publicHost = ['0.0.0.0', '::'].includes(options.host) ? '127.0.0.1' : options.host;
  baseUrl = `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${address.port}`;
  const gateway = new GatewayServer(world, hub, {
    path: GATEWAY_PATH,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    gatewayUrl,
    maxGuildsPerShard: options.maxGuildsPerShard,
  });
  gateway.attach(http.server);

  const urls = {
    apiUrl: `${baseUrl}/api`,
    gatewayUrl: gatewayUrl(),
    oauthUrl: `${baseUrl}/oauth2/authorize`,
    controlUrl: `${baseUrl}/control`,
  };
  describe = () => ({
    ...urls,
    token: app.token,
    applicationId: app.id,
    clientSecret: app.clientSecret,
    botUserId: app.botUserId,
    ...(demo ?? {}),
  });
  logger.info({ ...urls, applicationId: app.id }, 'discord emulator listening');

  let closing: Promise<void> | null = null;
  return {
    ...urls,
    token: app.token,
    applicationId: app.id,
    clientSecret: app.clientSecret,
    control,
    voice: world.voice,
    demo,
    describe: () => describe(),
    close: () => {
      closing ??= (async () => {
        hub.closeAll();
        await gateway.close();
        await http.close();
        await file?.close();
      })();
      return closing;
    },
  };
}

/**
 * The restored world's application; a token or client secret given in the options replaces the
 * stored one (the operator's configuration wins over the file).
 */
function reuseApplication(
  store: EmulatorStore,
  applicationId: string,
  options: { token?: string | undefined; clientSecret?: string | undefined },
): ApplicationRecord {
  const app = store.applications.get(applicationId);
  if (!app) throw new Error(`the stored world has no application ${applicationId}`);
  if (options.clientSecret) app.clientSecret = options.clientSecret;
  if (options.token && options.token !== app.token) store.replaceToken(app, options.token);
  return app;
}
