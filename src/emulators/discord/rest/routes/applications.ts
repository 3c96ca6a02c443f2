import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  commandDefinitionSchema,
  getCommand,
  listCommands,
  overwriteCommands,
  serializeCommand,
  toDefinition,
  upsertCommand,
} from '../../domain/commands.ts';
import { ApiErrors } from '../../errors.ts';
import { serializeUser } from '../../state/serialize.ts';
import type { ApplicationRecord } from '../../state/types.ts';
import { botOf, guildForBot, parseBody, type RestContext } from '../context.ts';

const bulkSchema = z.array(commandDefinitionSchema).max(110);

/** The current application and its application commands (global and per guild). */
export function registerApplicationRoutes(api: FastifyInstance, ctx: RestContext): void {
  const { world } = ctx;
  const bot = { config: { auth: 'bot' as const } };

  const describeApp = (app: ApplicationRecord) => ({
    id: app.id,
    name: app.name,
    icon: null,
    description: '',
    bot_public: true,
    bot_require_code_grant: false,
    flags: app.flags,
    verify_key: '',
    redirect_uris: app.redirectUris,
    bot: serializeUser(world.store.user(app.botUserId)),
    owner:
      app.ownerId && world.store.users.has(app.ownerId)
        ? serializeUser(world.store.user(app.ownerId))
        : undefined,
    approximate_guild_count: world.store.guildsOfUser(app.botUserId).length,
    integration_types_config: { '0': {} },
  });
  api.get('/applications/@me', bot, async (request) => describeApp(botOf(request)));
  api.get('/oauth2/applications/@me', bot, async (request) => describeApp(botOf(request)));

  /** The scope of a commands route: the app must be the caller's; a guild must have the bot in it. */
  const scope = (request: FastifyRequest) => {
    const app = botOf(request);
    const params = request.params as { applicationId: string; guildId?: string; commandId?: string };
    if (params.applicationId !== app.id) throw ApiErrors.missingAccess();
    if (params.guildId) guildForBot(world, params.guildId, app);
    return { app, guildId: params.guildId ?? null, commandId: params.commandId ?? '' };
  };

  for (const base of [
    '/applications/:applicationId/commands',
    '/applications/:applicationId/guilds/:guildId/commands',
  ]) {
    api.get(base, bot, async (request) => {
      const { app, guildId } = scope(request);
      return listCommands(world, app.id, guildId).map(serializeCommand);
    });
    api.put(base, bot, async (request) => {
      const { app, guildId } = scope(request);
      const definitions = parseBody(bulkSchema, request.body ?? []);
      const names = new Set<string>();
      for (const d of definitions) {
        const key = `${d.type}:${d.name}`;
        if (names.has(key))
          throw ApiErrors.invalidFormBody({
            _errors: [
              {
                code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
                message: `Application command names must be unique (${d.name})`,
              },
            ],
          });
        names.add(key);
      }
      return overwriteCommands(world, app.id, guildId, definitions).map(serializeCommand);
    });
    api.post(base, bot, async (request, reply) => {
      const { app, guildId } = scope(request);
      const { command, created } = upsertCommand(
        world,
        app.id,
        guildId,
        parseBody(commandDefinitionSchema, request.body),
      );
      return reply.code(created ? 201 : 200).send(serializeCommand(command));
    });
    api.get(`${base}/:commandId`, bot, async (request) => {
      const { app, guildId, commandId } = scope(request);
      return serializeCommand(getCommand(world, app.id, guildId, commandId));
    });
    api.patch(`${base}/:commandId`, bot, async (request) => {
      const { app, guildId, commandId } = scope(request);
      const existing = getCommand(world, app.id, guildId, commandId);
      const merged = parseBody(commandDefinitionSchema, {
        ...existing.definition,
        ...(request.body as object),
      });
      existing.definition = toDefinition(merged);
      existing.version = world.store.ids.next();
      return serializeCommand(existing);
    });
    api.delete(`${base}/:commandId`, bot, async (request, reply) => {
      const { app, guildId, commandId } = scope(request);
      world.store.commands.delete(getCommand(world, app.id, guildId, commandId).id);
      return reply.code(204).send();
    });
  }
}
