import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { deleteChannel, deleteOverwrite, setOverwrite, updateChannel } from '../../domain/channels.ts';
import { Permission } from '../../permissions.ts';
import { serializeChannel, serializeDmChannel } from '../../state/serialize.ts';
import { ChannelType } from '../../state/types.ts';
import { botOf, channelForBot, parseBody, type RestContext } from '../context.ts';
import { overwriteSchema, permissionsSchema, requireOwnBits, toOverwrite } from './shared-schemas.ts';

const patchChannelSchema = z.looseObject({
  name: z.string().min(1).max(100).optional(),
  position: z.number().int().nullish(),
  topic: z.string().max(1024).nullish(),
  nsfw: z.boolean().nullish(),
  rate_limit_per_user: z.number().int().min(0).max(21_600).nullish(),
  bitrate: z.number().int().min(8000).max(96_000).nullish(),
  user_limit: z.number().int().min(0).max(99).nullish(),
  permission_overwrites: z.array(overwriteSchema).max(100).nullish(),
  parent_id: z.string().nullish(),
  rtc_region: z.string().nullish(),
});

const putOverwriteSchema = z.looseObject({
  type: z.union([z.literal(0), z.literal(1), z.literal('0'), z.literal('1')]),
  allow: permissionsSchema.nullish(),
  deny: permissionsSchema.nullish(),
});

/** Channels: fetch, edit, delete, permission overwrites, typing. */
export function registerChannelRoutes(api: FastifyInstance, ctx: RestContext): void {
  const { world } = ctx;
  const bot = { config: { auth: 'bot' as const } };

  api.get('/channels/:channelId', bot, async (request) => {
    const { channelId } = request.params as { channelId: string };
    const app = botOf(request);
    const channel = channelForBot(world, channelId, app);
    return channel.type === ChannelType.DM
      ? serializeDmChannel(world.store, channel, app.botUserId)
      : serializeChannel(channel);
  });

  api.patch('/channels/:channelId', bot, async (request) => {
    const { channelId } = request.params as { channelId: string };
    const app = botOf(request);
    const channel = channelForBot(world, channelId, app, Permission.MANAGE_CHANNELS);
    const body = parseBody(patchChannelSchema, request.body);
    const overwrites = body.permission_overwrites?.map(toOverwrite);
    if (overwrites && channel.guildId) {
      const own = world.store.permissions(channel.guildId, app.botUserId, channel.id);
      for (const o of overwrites) requireOwnBits(own, o.allow, o.deny);
    }
    const updated = updateChannel(world, channelId, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.position != null ? { position: body.position } : {}),
      ...(body.topic !== undefined ? { topic: body.topic ?? null } : {}),
      ...(body.nsfw != null ? { nsfw: body.nsfw } : {}),
      ...(body.rate_limit_per_user != null ? { rateLimitPerUser: body.rate_limit_per_user } : {}),
      ...(body.bitrate != null ? { bitrate: body.bitrate } : {}),
      ...(body.user_limit != null ? { userLimit: body.user_limit } : {}),
      ...(overwrites ? { overwrites } : {}),
      ...(body.parent_id !== undefined ? { parentId: body.parent_id ?? null } : {}),
      ...(body.rtc_region !== undefined ? { rtcRegion: body.rtc_region ?? null } : {}),
    });
    return serializeChannel(updated);
  });

  api.delete('/channels/:channelId', bot, async (request) => {
    const { channelId } = request.params as { channelId: string };
    const app = botOf(request);
    const channel = channelForBot(world, channelId, app);
    if (channel.type === ChannelType.DM) return serializeDmChannel(world.store, channel, app.botUserId);
    channelForBot(world, channelId, app, Permission.MANAGE_CHANNELS);
    return serializeChannel(deleteChannel(world, channelId));
  });

  api.put('/channels/:channelId/permissions/:overwriteId', bot, async (request, reply) => {
    const { channelId, overwriteId } = request.params as { channelId: string; overwriteId: string };
    const app = botOf(request);
    const channel = channelForBot(world, channelId, app, Permission.MANAGE_ROLES);
    const body = parseBody(putOverwriteSchema, request.body);
    const overwrite = toOverwrite({ ...body, id: overwriteId });
    if (channel.guildId) {
      requireOwnBits(
        world.store.permissions(channel.guildId, app.botUserId, channel.id),
        overwrite.allow,
        overwrite.deny,
      );
    }
    setOverwrite(world, channelId, overwrite);
    return reply.code(204).send();
  });

  api.delete('/channels/:channelId/permissions/:overwriteId', bot, async (request, reply) => {
    const { channelId, overwriteId } = request.params as { channelId: string; overwriteId: string };
    channelForBot(world, channelId, botOf(request), Permission.MANAGE_ROLES);
    deleteOverwrite(world, channelId, overwriteId);
    return reply.code(204).send();
  });

  api.post('/channels/:channelId/typing', bot, async (request, reply) => {
    const { channelId } = request.params as { channelId: string };
    channelForBot(world, channelId, botOf(request), Permission.SEND_MESSAGES);
    return reply.code(204).send();
  });
}
