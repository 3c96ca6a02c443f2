import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createChannel } from '../../domain/channels.ts';
import { createRole, deleteRole, updateRole } from '../../domain/guilds.ts';
import { ApiErrors } from '../../errors.ts';
import { Permission, parsePermissions } from '../../permissions.ts';
import { serializeChannel, serializeGuild, serializeRole } from '../../state/serialize.ts';
import { botOf, guildForBot, parseBody, type RestContext, requirePermissions } from '../context.ts';
import { overwriteSchema, permissionsSchema, requireOwnBits, toOverwrite } from './shared-schemas.ts';

const createChannelSchema = z.looseObject({
  name: z.string().min(1).max(100),
  type: z
    .number()
    .int()
    .default(0)
    .refine((t) => [0, 2, 4, 5, 13].includes(t), 'Value must be one of {0, 2, 4, 5, 13}.'),
  topic: z.string().max(1024).nullish(),
  bitrate: z.number().int().min(8000).max(96_000).nullish(),
  user_limit: z.number().int().min(0).max(99).nullish(),
  rate_limit_per_user: z.number().int().min(0).max(21_600).nullish(),
  position: z.number().int().nullish(),
  permission_overwrites: z.array(overwriteSchema).max(100).nullish(),
  parent_id: z.string().nullish(),
  nsfw: z.boolean().nullish(),
  rtc_region: z.string().nullish(),
});

const roleSchema = z.looseObject({
  name: z.string().max(100).nullish(),
  permissions: permissionsSchema.nullish(),
  color: z.number().int().min(0).max(0xffffff).nullish(),
  hoist: z.boolean().nullish(),
  mentionable: z.boolean().nullish(),
});

/** Guilds, their channels and roles. */
export function registerGuildRoutes(api: FastifyInstance, ctx: RestContext): void {
  const { world } = ctx;
  const bot = { config: { auth: 'bot' as const } };

  api.get('/guilds/:guildId', bot, async (request) => {
    const { guildId } = request.params as { guildId: string };
    const guild = guildForBot(world, guildId, botOf(request));
    return serializeGuild(
      world.store,
      guild,
      (request.query as Record<string, string>).with_counts === 'true',
    );
  });

  api.get('/guilds/:guildId/channels', bot, async (request) => {
    const { guildId } = request.params as { guildId: string };
    guildForBot(world, guildId, botOf(request));
    return world.store.guildChannels(guildId).map((c) => serializeChannel(c));
  });

  api.post('/guilds/:guildId/channels', bot, async (request, reply) => {
    const { guildId } = request.params as { guildId: string };
    const app = botOf(request);
    guildForBot(world, guildId, app);
    requirePermissions(world, guildId, app, Permission.MANAGE_CHANNELS);
    const body = parseBody(createChannelSchema, request.body);
    const overwrites = (body.permission_overwrites ?? []).map(toOverwrite);
    const botPermissions = world.store.permissions(guildId, app.botUserId);
    for (const o of overwrites) requireOwnBits(botPermissions, o.allow, o.deny);
    const channel = createChannel(world, {
      guildId,
      name: body.name,
      type: body.type,
      parentId: body.parent_id ?? null,
      ...(body.position != null ? { position: body.position } : {}),
      topic: body.topic ?? null,
      nsfw: body.nsfw ?? false,
      ...(body.bitrate != null ? { bitrate: body.bitrate } : {}),
      ...(body.user_limit != null ? { userLimit: body.user_limit } : {}),
      rateLimitPerUser: body.rate_limit_per_user ?? 0,
      rtcRegion: body.rtc_region ?? null,
      overwrites,
    });
    return reply.code(201).send(serializeChannel(channel));
  });

  api.get('/guilds/:guildId/roles', bot, async (request) => {
    const { guildId } = request.params as { guildId: string };
    guildForBot(world, guildId, botOf(request));
    return world.store.guildRoles(guildId).map(serializeRole);
  });

  api.post('/guilds/:guildId/roles', bot, async (request) => {
    const { guildId } = request.params as { guildId: string };
    const app = botOf(request);
    guildForBot(world, guildId, app);
    requirePermissions(world, guildId, app, Permission.MANAGE_ROLES);
    const body = parseBody(roleSchema, request.body);
    const permissions = parsePermissions(body.permissions ?? '0');
    requireOwnBits(world.store.permissions(guildId, app.botUserId), permissions);
    const role = createRole(world, {
      guildId,
      name: body.name ?? 'new role',
      permissions,
      color: body.color ?? 0,
      hoist: body.hoist ?? false,
      mentionable: body.mentionable ?? false,
    });
    return serializeRole(role);
  });

  /** Editing or deleting a role needs MANAGE_ROLES and a higher role than the target. */
  const manageableRole = (guildId: string, roleId: string, appBotUserId: string) => {
    const role = world.store.role(guildId, roleId);
    if (role.managed || role.position >= world.store.highestRolePosition(guildId, appBotUserId)) {
      throw ApiErrors.missingPermissions();
    }
    return role;
  };

  api.patch('/guilds/:guildId/roles/:roleId', bot, async (request) => {
    const { guildId, roleId } = request.params as { guildId: string; roleId: string };
    const app = botOf(request);
    guildForBot(world, guildId, app);
    requirePermissions(world, guildId, app, Permission.MANAGE_ROLES);
    const body = parseBody(roleSchema, request.body);
    if (roleId !== guildId) manageableRole(guildId, roleId, app.botUserId);
    const permissions = body.permissions != null ? parsePermissions(body.permissions) : undefined;
    if (permissions !== undefined)
      requireOwnBits(world.store.permissions(guildId, app.botUserId), permissions);
    const role = updateRole(world, guildId, roleId, {
      ...(body.name != null ? { name: body.name } : {}),
      ...(permissions !== undefined ? { permissions } : {}),
      ...(body.color != null ? { color: body.color } : {}),
      ...(body.hoist != null ? { hoist: body.hoist } : {}),
      ...(body.mentionable != null ? { mentionable: body.mentionable } : {}),
    });
    return serializeRole(role);
  });

  api.delete('/guilds/:guildId/roles/:roleId', bot, async (request, reply) => {
    const { guildId, roleId } = request.params as { guildId: string; roleId: string };
    const app = botOf(request);
    guildForBot(world, guildId, app);
    requirePermissions(world, guildId, app, Permission.MANAGE_ROLES);
    manageableRole(guildId, roleId, app.botUserId);
    deleteRole(world, guildId, roleId);
    return reply.code(204).send();
  });
}
