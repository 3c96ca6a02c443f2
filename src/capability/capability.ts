import type { Client, Guild } from 'discord.js';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Bus } from '../bus/index.ts';
import type { Config } from '../config/index.ts';
import type { Database } from '../db/index.ts';
import type { GuildChannel, GuildMember, GuildRole } from '../gateway/contract.ts';
import type { HealthRegistry } from '../health/index.ts';
import type { RateLimitTiers } from '../http/index.ts';
import type { MessageKey, Params } from '../i18n/index.ts';
import type { Actor, CommandContext, ComponentHandler, SlashCommand } from '../interactions/index.ts';
import type { JobContext, JobQueue, WorkerOptions } from '../jobs/index.ts';
import type { Logger } from '../logging/index.ts';
import type { Registry } from '../metrics/index.ts';
import type { GuildSettings } from '../settings/contract.ts';

/**
 * A capability — music, playlists, analytics, settings, and the ones to come — is a folder
 * that brings everything it adds to the four roles, the way Red-DiscordBot's cogs and fastify's
 * encapsulated plugins do: slash commands and components and what runs beside them (gateway),
 * routes under the guild guard (api), durable jobs and schedules (worker), its tables, the
 * settings fields it owns, its metrics and its plan limits. It declares what it needs — the
 * process's infrastructure always; other capabilities' gateway services by naming them in
 * `needs`. The roles only iterate capabilities (docs/architecture.md "Capabilities").
 */
export interface Capability<S = unknown> {
  /** Unique, lower-case; metrics, logs and the contributions test name it. */
  readonly name: string;
  /** One line for operators: what the capability adds. */
  readonly summary: string;
  /** Capabilities whose gateway services this one uses; they start first. */
  readonly needs?: readonly AnyCapability[];
  /** Its Drizzle tables (from its `schema.ts`); drizzle.config.ts reads every `src/<module>/schema.ts`. */
  readonly tables?: Readonly<Record<string, PgTable>>;
  /** The guild settings fields it owns (the settings document is shared, one per guild). */
  readonly settings?: readonly (keyof GuildSettings)[];
  /** The names of the metrics it registers. */
  readonly metrics?: readonly string[];
  /** Its limits, by name, with the value a server without a plan gets. */
  readonly limits?: Readonly<Record<string, PlanLimit>>;
  readonly gateway?: GatewayPart<S>;
  readonly api?: ApiPart;
  readonly worker?: WorkerPart;
}

// biome-ignore lint/suspicious/noExplicitAny: a list of capabilities mixes service types.
export type AnyCapability = Capability<any>;

/** The gateway services a capability's `gateway.start` returns. */
export type ServicesOf<C> = C extends Capability<infer S> ? S : never;

/** A limit a plan can raise: `default` applies to every server without a subscription. */
export interface PlanLimit {
  readonly default: number;
  readonly description: string;
}

/** What every part of a capability is given: the shared infrastructure of its process. */
export interface CapabilityContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly health: HealthRegistry;
  readonly database: Database;
  readonly bus: Bus;
  readonly jobs: JobQueue;
}

/** A refusal rendered in the user's language: `t(key, params)`. */
export interface LocalizedMessage {
  key: MessageKey;
  params: Params;
}

export interface GatewayPart<S> {
  /** Slash commands; the router hands each the capability's services. */
  readonly commands?: readonly SlashCommand<S>[];
  /** Buttons and menus, by custom id prefix. */
  readonly components?: readonly ComponentHandler<S>[];
  /**
   * Starts what runs beside the commands (event listeners, bus command handlers, players) once
   * the Discord client is ready, and returns the services its commands — and capabilities that
   * need it — use. Without it the services are `{}`.
   */
  start?(context: GatewayContext): Promise<StartedGatewayPart<S>>;
  /** Turns the capability's own refusals into a message for the user; null for other errors. */
  describeError?(error: unknown): LocalizedMessage | null;
  /**
   * Runs before each of the capability's slash commands; a throw refuses the command (rendered
   * by `describeError`), e.g. music commands outside the guild's music channel.
   */
  beforeCommand?(context: CommandContext<S>): void | Promise<void>;
}

export interface StartedGatewayPart<S> {
  readonly services: S;
  /** After every capability started and the commands are registered (e.g. restore players). */
  ready?(): Promise<void>;
  /** Stops in the reverse order of starting. */
  stop?(): Promise<void>;
}

/** A slash command was used in a guild (analytics counts them). */
export interface CommandUse {
  guildId: string;
  userId: string;
  command: string;
}

export interface GatewayContext extends CapabilityContext {
  /** The logged-in discord.js client. */
  readonly client: Client;
  /** The bot's own user. */
  readonly botUser: { id: string; username: string };
  /** The services of a capability named in `needs` (started before this one). */
  use<C extends AnyCapability>(capability: C): ServicesOf<C>;
  /** The guild if this gateway holds it; else a bus refusal `GUILD_NOT_HERE`. */
  guildHere(guildId: string): Guild;
  /** A member as the rules see them (roles, voice channel, rights); else a bus refusal `NOT_A_MEMBER`. */
  actorIn(guildId: string, userId: string): Promise<Actor>;
  /** Called for every slash command used. */
  onCommandUsed(listener: (use: CommandUse) => void): void;
}

/** Reads a guild's channels, roles and members from the gateway, over the bus. */
export interface GuildDirectory {
  channels(guildId: string): Promise<GuildChannel[]>;
  roles(guildId: string): Promise<GuildRole[]>;
  members(guildId: string, ids: string[]): Promise<GuildMember[]>;
}

export interface ApiContext extends CapabilityContext {
  readonly guilds: GuildDirectory;
  readonly rateLimits: RateLimitTiers;
}

export interface ApiPart {
  /**
   * Routes under `/api/guilds/:guildId`, registered inside the guild-scoped plugin: the access
   * guard (logged in, manages the guild, bot present) runs before each of them.
   */
  guildRoutes?(context: ApiContext): FastifyPluginAsyncZod;
  /**
   * Routes of the logged-in user, whatever the guild, under `/api/me` (e.g. the listening
   * history). Registered inside the panel plugin after the session hook: every route must call
   * `requireSession` (401 without a login) and serve only that user's data; writes have had
   * their CSRF token checked.
   */
  userRoutes?(context: ApiContext): FastifyPluginAsyncZod;
  /**
   * Routes outside both, at the root (give full paths, e.g. `/api/cron/archive`): server-to-server
   * calls with no session. Each route authenticates its caller itself (e.g. a signature).
   */
  routes?(context: ApiContext): FastifyPluginAsyncZod;
}

/** A durable job the worker role runs; `schedule` (cron, UTC) sends it on a clock. */
export interface JobDefinition {
  readonly name: string;
  readonly schedule?: string;
  readonly options?: WorkerOptions<unknown>;
  run(context: CapabilityContext, data: unknown, job: JobContext): Promise<void>;
}

export interface WorkerPart {
  readonly jobs: readonly JobDefinition[];
}

/** Declares a capability; the identity function, there for inference of `S`. */
export function defineCapability<S = Record<never, never>>(capability: Capability<S>): Capability<S> {
  return capability;
}
