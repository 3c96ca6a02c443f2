import { type Client, Events } from 'discord.js';
import { BusCommandError } from '../bus/index.ts';
import type {
  AnyCapability,
  CommandUse,
  GatewayContext,
  ServicesOf,
  StartedGatewayPart,
} from '../capability/index.ts';
import { actorFromMember, type CoreServices, PickStore } from '../interactions/index.ts';
import type { AppContext, RoleDefinition } from '../runtime/index.ts';
import { GuildSettingsRepository } from '../settings/index.ts';
import { GUILD_NOT_HERE } from './contract.ts';
import { connectDiscordClient } from './discord-client.ts';
import { handleGuildResourceCommands } from './guild-resources.ts';
import { type HandlerGroup, routeInteractions } from './interaction-router.ts';

/**
 * The gateway role: the Discord bot. It logs in to Discord (at DISCORD_API_URL; the sandbox
 * emulator when no token is configured), keeps the guilds it is in recorded, answers the
 * panel's guild lookups, and runs the capabilities' gateway parts: each starts (after the
 * ones it needs), its commands and components are routed with its services, then every
 * capability's `ready` runs (music restores its players there).
 */
export const gatewayRole: RoleDefinition = {
  name: 'gateway',
  async start(context) {
    const { config, logger, database } = context;
    if (!config.DISCORD_TOKEN) {
      logger.warn('DISCORD_TOKEN is unset: the gateway is not connected to Discord');
      return { stop: async () => {} };
    }
    const client = await connectDiscordClient(
      {
        token: config.DISCORD_TOKEN,
        apiUrl: config.DISCORD_API_URL,
        memberEvents: config.DISCORD_MEMBER_EVENTS,
        messageContent: config.DISCORD_MESSAGE_CONTENT,
      },
      logger,
    );
    const settings = new GuildSettingsRepository(database.db);
    trackGuildMembership(client, settings, context);
    context.health.add({
      name: 'discord',
      check: async () => {
        if (!client.isReady()) throw new Error('not connected to the Discord gateway');
      },
    });
    const commands = context.capabilities.flatMap((capability) =>
      (capability.gateway?.commands ?? []).map((command) => ({
        capability: capability.name,
        category: command.category,
        definition: command.definition,
      })),
    );
    const core: CoreServices = { settings, picks: new PickStore(), logger, bus: context.bus, commands };
    const started = new Map<string, StartedGatewayPart<unknown>>();
    const commandUseListeners: ((use: CommandUse) => void)[] = [];
    const stopAll = async () => {
      for (const part of [...started.values()].reverse()) await part.stop?.();
      await client.destroy();
    };
    try {
      for (const capability of context.capabilities) {
        const gatewayContext = gatewayContextFor(capability, client, context, started, commandUseListeners);
        const part = capability.gateway?.start
          ? await capability.gateway.start(gatewayContext)
          : { services: {} };
        started.set(capability.name, part);
      }
    } catch (error) {
      await stopAll().catch(() => {});
      throw error;
    }
    const groups: HandlerGroup[] = context.capabilities.map((capability) => ({
      capability: capability.name,
      commands: capability.gateway?.commands ?? [],
      components: capability.gateway?.components ?? [],
      services: { ...(started.get(capability.name)?.services as object), ...core },
      describeError: capability.gateway?.describeError,
      beforeCommand: capability.gateway?.beforeCommand as HandlerGroup['beforeCommand'],
    }));
    const stopRouting = routeInteractions(client, {
      groups,
      core,
      onCommandUsed: (use) => {
        for (const listener of commandUseListeners) listener(use);
      },
    });
    const definitions = groups.flatMap((group) => group.commands.map((command) => command.definition));
    await client.application?.commands.set(definitions);
    const stopAnswering = await handleGuildResourceCommands(context.bus, client);
    for (const part of started.values()) await part.ready?.();
    logger.info(
      {
        user: client.user?.tag,
        guilds: client.guilds.cache.size,
        capabilities: context.capabilities.map((capability) => capability.name),
      },
      'connected to Discord',
    );
    return {
      stop: async () => {
        stopRouting();
        await stopAnswering();
        await stopAll();
      },
    };
  },
};

/** What a capability's gateway part is given: the client, the guild lookups, its needs. */
function gatewayContextFor(
  capability: AnyCapability,
  client: Client,
  context: AppContext,
  started: ReadonlyMap<string, StartedGatewayPart<unknown>>,
  commandUseListeners: ((use: CommandUse) => void)[],
): GatewayContext {
  const user = client.user;
  if (!user) throw new Error('the Discord client has no user after ready');
  const guildHere = (guildId: string) => {
    const guild = client.guilds.cache.get(guildId);
    if (!guild) throw new BusCommandError(GUILD_NOT_HERE, `Guild ${guildId} is not on this gateway`);
    return guild;
  };
  return {
    config: context.config,
    logger: context.logger.child({ capability: capability.name }),
    metrics: context.metrics,
    health: context.health,
    database: context.database,
    bus: context.bus,
    jobs: context.jobs,
    client,
    botUser: { id: user.id, username: user.username },
    use: (needed) => {
      const part = started.get(needed.name);
      if (!part || !capability.needs?.includes(needed)) {
        throw new Error(`capability ${capability.name} uses ${needed.name} without naming it in needs`);
      }
      return part.services as ServicesOf<typeof needed>;
    },
    guildHere,
    actorIn: async (guildId, userId) => {
      const guild = guildHere(guildId);
      const member = await guild.members.fetch(userId).catch(() => null);
      if (!member) throw new BusCommandError('NOT_A_MEMBER', `User ${userId} is not in guild ${guild.id}`);
      return actorFromMember(guild, member);
    },
    onCommandUsed: (listener) => commandUseListeners.push(listener),
  };
}

function trackGuildMembership(client: Client, guilds: GuildSettingsRepository, { logger }: AppContext): void {
  const recordGuild = (guild: { id: string; name: string; ownerId: string }) =>
    guilds
      .upsertGuild(guild)
      .catch((error) => logger.error({ err: error, guildId: guild.id }, 'failed to record guild'));
  void Promise.all(client.guilds.cache.map((guild) => recordGuild(guild)));
  client.on(Events.GuildCreate, (guild) => void recordGuild(guild));
  client.on(Events.GuildDelete, (guild) => {
    // An outage makes a guild unavailable without the bot leaving it: only a real leave counts.
    if (!guild.available) return;
    guilds
      .markGuildLeft(guild.id)
      .catch((error) => logger.error({ err: error, guildId: guild.id }, 'failed to record leaving a guild'));
  });
}
