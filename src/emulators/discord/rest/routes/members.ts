import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { removeMember, updateMember } from '../../domain/guilds.ts';
import { disconnectVoice, isVoiceChannel, requireInVoice, setVoiceChannel } from '../../domain/voice.ts';
import type { World } from '../../domain/world.ts';
import { ApiErrors, fieldError } from '../../errors.ts';
import { ApplicationFlag } from '../../intents.ts';
import { hasPermissions, Permission } from '../../permissions.ts';
import { serializeMember } from '../../state/serialize.ts';
import type { ApplicationRecord } from '../../state/types.ts';
import { botOf, guildForBot, parseBody, type RestContext, requirePermissions } from '../context.ts';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(1),
  after: z.string().regex(/^\d+$/).default('0'),
});
const searchQuery = z.object({
  query: z.string(),
  limit: z.coerce.number().int().min(1).max(1000).default(1),
});
const patchMemberSchema = z.looseObject({
  nick: z.string().max(32).nullish(),
  roles: z.array(z.string()).nullish(),
  mute: z.boolean().nullish(),
  deaf: z.boolean().nullish(),
  channel_id: z.string().nullish(),
  communication_disabled_until: z.string().nullish(),
});

/** Guild members: list, search, fetch, edit (nick, roles, voice moves), kick, role add/remove. */
export function registerMemberRoutes(api: FastifyInstance, ctx: RestContext): void {
  const { world } = ctx;
  const bot = { config: { auth: 'bot' as const } };

  api.get('/guilds/:guildId/members', bot, async (request) => {
    const { guildId } = request.params as { guildId: string };
    const app = botOf(request);
    const guild = guildForBot(world, guildId, app);
    // Listing members needs the privileged GUILD_MEMBERS intent enabled for the application.
    const enabled = ApplicationFlag.GATEWAY_GUILD_MEMBERS | ApplicationFlag.GATEWAY_GUILD_MEMBERS_LIMITED;
    if ((app.flags & enabled) === 0) throw ApiErrors.missingAccess();
    const query = listQuery.parse(request.query);
    const after = BigInt(query.after);
    return [...guild.members.values()]
      .filter((m) => BigInt(m.userId) > after)
      .sort((a, b) => (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1))
      .slice(0, query.limit)
      .map((m) => serializeMember(world.store, m));
  });

  api.get('/guilds/:guildId/members/search', bot, async (request) => {
    const { guildId } = request.params as { guildId: string };
    const guild = guildForBot(world, guildId, botOf(request));
    const query = searchQuery.parse(request.query);
    const needle = query.query.toLowerCase();
    return [...guild.members.values()]
      .filter((m) => {
        const user = world.store.users.get(m.userId);
        return [user?.username, user?.globalName, m.nick].some((n) => n?.toLowerCase().startsWith(needle));
      })
      .slice(0, query.limit)
      .map((m) => serializeMember(world.store, m));
  });

  api.get('/guilds/:guildId/members/:userId', bot, async (request) => {
    const { guildId, userId } = request.params as { guildId: string; userId: string };
    guildForBot(world, guildId, botOf(request));
    return serializeMember(world.store, world.store.member(guildId, userId));
  });

  api.patch('/guilds/:guildId/members/@me', bot, async (request) => {
    const { guildId } = request.params as { guildId: string };
    const app = botOf(request);
    guildForBot(world, guildId, app);
    requirePermissions(world, guildId, app, Permission.CHANGE_NICKNAME);
    const body = parseBody(z.looseObject({ nick: z.string().max(32).nullish() }), request.body);
    const member = updateMember(world, guildId, app.botUserId, { nick: body.nick ?? null });
    return serializeMember(world.store, member);
  });

  api.patch('/guilds/:guildId/members/:userId', bot, async (request) => {
    const { guildId, userId } = request.params as { guildId: string; userId: string };
    const app = botOf(request);
    guildForBot(world, guildId, app);
    const member = world.store.member(guildId, userId);
    const body = parseBody(patchMemberSchema, request.body);
    const need = (bit: bigint) => requirePermissions(world, guildId, app, bit);
    const changes: Parameters<typeof updateMember>[3] = {};
    if (body.nick !== undefined) {
      need(userId === app.botUserId ? Permission.CHANGE_NICKNAME : Permission.MANAGE_NICKNAMES);
      if (userId !== app.botUserId) requireAbove(world, guildId, app, userId);
      changes.nick = body.nick;
    }
    if (body.roles != null) {
      need(Permission.MANAGE_ROLES);
      const before = new Set(member.roleIds);
      const after = new Set(body.roles);
      const touched = [...after]
        .filter((r) => !before.has(r))
        .concat([...before].filter((r) => !after.has(r)));
      for (const roleId of touched) requireAssignable(world, guildId, app, roleId);
      changes.roleIds = body.roles;
    }
    if (body.mute != null) {
      need(Permission.MUTE_MEMBERS);
      changes.mute = body.mute;
    }
    if (body.deaf != null) {
      need(Permission.DEAFEN_MEMBERS);
      changes.deaf = body.deaf;
    }
    if (body.communication_disabled_until !== undefined) {
      need(Permission.MODERATE_MEMBERS);
      requireAbove(world, guildId, app, userId);
      changes.communicationDisabledUntil = body.communication_disabled_until;
    }
    // Server mute/deafen act on the voice state: refused (40032) before anything else changes.
    if (changes.mute !== undefined || changes.deaf !== undefined) requireInVoice(world, guildId, userId);
    if (body.channel_id !== undefined) moveMember(world, guildId, app, userId, body.channel_id);
    const updated = Object.keys(changes).length > 0 ? updateMember(world, guildId, userId, changes) : member;
    return serializeMember(world.store, updated);
  });

  api.delete('/guilds/:guildId/members/:userId', bot, async (request, reply) => {
    const { guildId, userId } = request.params as { guildId: string; userId: string };
    const app = botOf(request);
    guildForBot(world, guildId, app);
    world.store.member(guildId, userId);
    requirePermissions(world, guildId, app, Permission.KICK_MEMBERS);
    requireAbove(world, guildId, app, userId);
    removeMember(world, guildId, userId);
    return reply.code(204).send();
  });

  for (const method of ['put', 'delete'] as const) {
    api[method]('/guilds/:guildId/members/:userId/roles/:roleId', bot, async (request, reply) => {
      const { guildId, userId, roleId } = request.params as {
        guildId: string;
        userId: string;
        roleId: string;
      };
      const app = botOf(request);
      guildForBot(world, guildId, app);
      const member = world.store.member(guildId, userId);
      requirePermissions(world, guildId, app, Permission.MANAGE_ROLES);
      requireAssignable(world, guildId, app, roleId);
      const roleIds =
        method === 'put'
          ? [...new Set([...member.roleIds, roleId])]
          : member.roleIds.filter((id) => id !== roleId);
      updateMember(world, guildId, userId, { roleIds });
      return reply.code(204).send();
    });
  }
}

/** A role can be given or taken only if it's below the bot's highest role and not managed. */
function requireAssignable(world: World, guildId: string, app: ApplicationRecord, roleId: string): void {
  const role = world.store.role(guildId, roleId);
  if (
    role.managed ||
    role.id === guildId ||
    role.position >= world.store.highestRolePosition(guildId, app.botUserId)
  ) {
    throw ApiErrors.missingPermissions();
  }
}

/** Moderating someone needs a higher top role than theirs; the owner can't be moderated. */
function requireAbove(world: World, guildId: string, app: ApplicationRecord, userId: string): void {
  if (
    world.store.highestRolePosition(guildId, userId) >=
    world.store.highestRolePosition(guildId, app.botUserId)
  ) {
    throw ApiErrors.missingPermissions();
  }
}

/** `channel_id` on PATCH member: move to another voice channel, or disconnect with null. */
function moveMember(
  world: World,
  guildId: string,
  app: ApplicationRecord,
  userId: string,
  channelId: string | null,
): void {
  const guild = world.store.guild(guildId);
  const current = guild.voiceStates.get(userId);
  if (!current) throw ApiErrors.notConnectedToVoice();
  const botIn = (id: string) => world.store.permissions(guildId, app.botUserId, id);
  if (!hasPermissions(botIn(current.channelId), Permission.MOVE_MEMBERS))
    throw ApiErrors.missingPermissions();
  if (channelId === null) {
    disconnectVoice(world, guildId, userId);
    return;
  }
  const target = world.store.channel(channelId);
  if (target.guildId !== guildId || !isVoiceChannel(target.type)) {
    throw fieldError(['channel_id'], 'Channel is not a voice channel of this guild.');
  }
  if (
    !hasPermissions(botIn(target.id), Permission.MOVE_MEMBERS | Permission.CONNECT | Permission.VIEW_CHANNEL)
  ) {
    throw ApiErrors.missingPermissions();
  }
  setVoiceChannel(world, { guildId, channelId, userId });
}
