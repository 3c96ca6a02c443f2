import type { FastifyPluginAsync } from 'fastify';
import type { Bus } from '../bus/index.ts';
import type { AnyCapability, ApiContext, CapabilityContext } from '../capability/index.ts';
import type { Config } from '../config/index.ts';
import { type Database, GuildRepository, SessionRepository } from '../db/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import type { SandboxHandle } from '../runtime/index.ts';
import { authRoutes } from './auth/auth-routes.ts';
import { DiscordOAuthClient } from './auth/discord-oauth-client.ts';
import { registerAuth } from './auth/session-hooks.ts';
import { SessionService } from './auth/session-service.ts';
import { tokenCipherFor } from './auth/token-cipher.ts';
import { GuildAccessGuard } from './guilds/guild-access-guard.ts';
import { BOT_INVITE_PERMISSIONS, GuildListService } from './guilds/guild-list-service.ts';
import { GuildResourceService } from './guilds/guild-resource-service.ts';
import { guildListRoute, guildScopedRoutes } from './guilds/guild-routes.ts';
import { metaRoutes, PACKAGE_VERSION, PANEL_LOCALES } from './meta-routes.ts';
import type { RateLimitTiers } from './plugins/security.ts';
import { sandboxRoutes } from './sandbox/sandbox-routes.ts';

/** What the control panel is built from: the process's infrastructure and its capabilities. */
export interface ControlPanelDependencies extends Omit<CapabilityContext, 'jobs'> {
  config: Config;
  database: Database;
  bus: Bus;
  /** Needed as soon as there are capabilities (their routes may send jobs). */
  jobs?: JobQueue | undefined;
  /** Their `api.guildRoutes` are registered under `/api/guilds/:guildId`, behind the guard. */
  capabilities: readonly AnyCapability[];
  /** The sandbox this process runs, if any (the dashboard's sandbox page talks to it). */
  sandbox?: SandboxHandle | undefined;
}

/**
 * The panel's public URL: PUBLIC_URL, or localhost on PORT — with PORT=0, on `listeningPort`,
 * the port the server got.
 */
export function publicUrlOf(config: Config, listeningPort?: number): string {
  const port = config.PORT === 0 && listeningPort !== undefined ? listeningPort : config.PORT;
  return (config.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
}

/**
 * The control panel: session hooks (encapsulated here, so ops routes never touch the
 * database), the services wired from their repositories, then the routes — the panel's own,
 * and each capability's under the guild guard.
 */
export const controlPanel: FastifyPluginAsync<{
  dependencies: ControlPanelDependencies;
  tiers: RateLimitTiers;
}> = async (app, { dependencies, tiers }) => {
  const { config, database, bus } = dependencies;
  // Read when used: with PORT=0 the server has its port only once it listens, after this loads.
  const publicUrl = () => {
    const address = app.server.address();
    return publicUrlOf(config, typeof address === 'object' && address ? address.port : undefined);
  };
  const discord = new DiscordOAuthClient({
    clientId: config.DISCORD_CLIENT_ID ?? '',
    clientSecret: config.DISCORD_CLIENT_SECRET,
    authorizeUrl: config.DISCORD_OAUTH_AUTHORIZE_URL,
    apiUrl: config.DISCORD_API_URL.replace(/\/+$/, ''),
    get redirectUri() {
      return `${publicUrl()}/api/auth/discord/callback`;
    },
  });
  const loginEnabled = config.DISCORD_CLIENT_ID !== undefined;
  const sessions = new SessionService(
    new SessionRepository(database.db),
    discord,
    tokenCipherFor(config, app.log),
  );
  const access = new GuildAccessGuard(sessions);
  const guilds = new GuildRepository(database.db);
  const resources = new GuildResourceService(bus);
  const { jobs } = dependencies;
  if (dependencies.capabilities.length > 0 && !jobs) {
    throw new Error('the control panel needs the job queue to serve capabilities');
  }
  const capabilityContext: ApiContext | undefined = jobs && {
    config,
    logger: dependencies.logger,
    metrics: dependencies.metrics,
    health: dependencies.health,
    database,
    bus,
    jobs,
    guilds: resources,
    rateLimits: tiers,
  };

  const secureCookies = publicUrl().startsWith('https:');
  registerAuth(app, sessions, { secureCookies });
  await app.register(authRoutes, {
    sessions,
    discord: loginEnabled ? discord : null,
    secureCookies,
    strictRateLimit: tiers.strict,
  });
  await app.register(metaRoutes, {
    meta: {
      name: 'Gramophone',
      version: PACKAGE_VERSION,
      loginEnabled,
      sandbox: dependencies.sandbox !== undefined,
      inviteUrl: loginEnabled ? discord.inviteUrl(null, BOT_INVITE_PERMISSIONS) : null,
      locales: [...PANEL_LOCALES],
    },
  });
  await app.register(guildListRoute, {
    list: new GuildListService(access, guilds, loginEnabled ? discord : null),
  });
  await app.register(guildScopedRoutes, {
    prefix: '/api/guilds/:guildId',
    access,
    guilds,
    resources,
    capabilityRoutes: dependencies.capabilities.flatMap(
      (capability) => (capabilityContext && capability.api?.guildRoutes?.(capabilityContext)) ?? [],
    ),
  });
  // The capabilities' routes of the logged-in user (`api.userRoutes`), whatever the guild.
  for (const capability of dependencies.capabilities) {
    const routes = capabilityContext && capability.api?.userRoutes?.(capabilityContext);
    if (routes) await app.register(routes, { prefix: '/api/me' });
  }
  // The capabilities' server-to-server routes (`api.routes`), which authenticate themselves.
  for (const capability of dependencies.capabilities) {
    const routes = capabilityContext && capability.api?.routes?.(capabilityContext);
    if (routes) await app.register(routes);
  }
  // Only a process running the sandbox has these; elsewhere /api/sandbox/* is a 404.
  if (dependencies.sandbox) {
    await app.register(sandboxRoutes, {
      prefix: '/api/sandbox',
      sandbox: dependencies.sandbox,
      pollRateLimit: tiers.lenient,
    });
  }
};
