import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { buildAttachments } from '../../domain/attachments.ts';
import { isEmptyMessage, MessageFlag, messageBodySchema } from '../../domain/message-body.ts';
import {
  addReaction,
  bulkDeleteMessages,
  createMessage,
  deleteMessage,
  editMessage,
  parseReactionEmoji,
  removeReaction,
} from '../../domain/messages.ts';
import { ApiErrors, fieldError } from '../../errors.ts';
import { hasPermissions, Permission } from '../../permissions.ts';
import { compareSnowflakes, snowflakeTimestamp } from '../../snowflake.ts';
import { serializeUser } from '../../state/serialize.ts';
import { serializeMessage } from '../../state/serialize-message.ts';
import type { MessageRecord, UserRecord } from '../../state/types.ts';
import { readMessageRequest } from '../body.ts';
import { botOf, channelForBot, parseBody, type RestContext } from '../context.ts';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  before: z.string().regex(/^\d+$/).optional(),
  after: z.string().regex(/^\d+$/).optional(),
  around: z.string().regex(/^\d+$/).optional(),
});
const bulkSchema = z.object({ messages: z.array(z.string()).min(2).max(100) });
const reactionUsersQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  after: z.string().regex(/^\d+$/).optional(),
});

const CREATE_FLAGS =
  MessageFlag.SUPPRESS_EMBEDS | MessageFlag.SUPPRESS_NOTIFICATIONS | MessageFlag.IS_COMPONENTS_V2;
const TWO_WEEKS_MS = 14 * 24 * 3600 * 1000;

/** Messages of a channel, bulk delete, reactions. */
export function registerMessageRoutes(api: FastifyInstance, ctx: RestContext): void {
  const { world } = ctx;
  const bot = { config: { auth: 'bot' as const } };
  const view = (m: MessageRecord, viewerId: string) => serializeMessage(world.store, m, { viewerId });

  api.post('/channels/:channelId/messages', bot, async (request) => {
    const { channelId } = request.params as { channelId: string };
    const app = botOf(request);
    channelForBot(world, channelId, app, Permission.SEND_MESSAGES);
    const { body: raw, files } = await readMessageRequest(request);
    if (files.length > 0) channelForBot(world, channelId, app, Permission.ATTACH_FILES);
    const body = parseBody(messageBodySchema, raw);
    if (isEmptyMessage(body, files.length)) throw ApiErrors.cannotSendEmpty();
    const reference = body.message_reference?.message_id;
    if (
      reference &&
      !world.store.messages.has(reference) &&
      body.message_reference?.fail_if_not_exists !== false
    ) {
      throw fieldError(['message_reference'], 'Unknown message', 'REPLIES_UNKNOWN_MESSAGE');
    }
    const message = createMessage(world, {
      channelId,
      authorId: app.botUserId,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      attachments: buildAttachments(world, channelId, body.attachments, files),
      flags: (body.flags ?? 0) & CREATE_FLAGS,
      tts: body.tts ?? false,
      nonce: body.nonce ?? null,
      referencedMessageId: reference && world.store.messages.has(reference) ? reference : null,
      allowedMentions: body.allowed_mentions,
    });
    return view(message, app.botUserId);
  });

  api.get('/channels/:channelId/messages', bot, async (request) => {
    const { channelId } = request.params as { channelId: string };
    const app = botOf(request);
    const channel = channelForBot(world, channelId, app);
    if (channel.guildId) {
      const permissions = world.store.permissions(channel.guildId, app.botUserId, channelId);
      if (!hasPermissions(permissions, Permission.READ_MESSAGE_HISTORY)) return [];
    }
    const query = listQuery.parse(request.query);
    const all = world.store.channelMessageList(channelId);
    let selected: MessageRecord[];
    if (query.after) {
      selected = all.filter((m) => compareSnowflakes(m.id, query.after as string) > 0).slice(0, query.limit);
    } else if (query.around) {
      const index = all.findIndex((m) => compareSnowflakes(m.id, query.around as string) >= 0);
      const start = Math.max(0, (index < 0 ? all.length : index) - Math.floor(query.limit / 2));
      selected = all.slice(start, start + query.limit);
    } else {
      const before = query.before;
      const older = before ? all.filter((m) => compareSnowflakes(m.id, before) < 0) : all;
      selected = older.slice(-query.limit);
    }
    // Discord lists newest first.
    return selected.reverse().map((m) => view(m, app.botUserId));
  });

  api.get('/channels/:channelId/messages/:messageId', bot, async (request) => {
    const { channelId, messageId } = request.params as { channelId: string; messageId: string };
    const app = botOf(request);
    channelForBot(world, channelId, app, Permission.READ_MESSAGE_HISTORY);
    const message = world.store.message(channelId, messageId);
    if (message.ephemeral) throw ApiErrors.unknownMessage();
    return view(message, app.botUserId);
  });

  api.patch('/channels/:channelId/messages/:messageId', bot, async (request) => {
    const { channelId, messageId } = request.params as { channelId: string; messageId: string };
    const app = botOf(request);
    channelForBot(world, channelId, app);
    const message = world.store.message(channelId, messageId);
    if (message.authorId !== app.botUserId || message.webhookId) throw ApiErrors.cannotEditOthersMessage();
    const { body: raw, files } = await readMessageRequest(request);
    const body = parseBody(messageBodySchema, raw);
    editMessage(world, message, {
      allowedMentions: body.allowed_mentions,
      ...(body.content !== undefined ? { content: body.content ?? '' } : {}),
      ...(body.embeds !== undefined ? { embeds: body.embeds ?? [] } : {}),
      ...(body.components !== undefined ? { components: body.components ?? [] } : {}),
      ...(body.attachments !== undefined || files.length > 0
        ? { attachments: buildAttachments(world, channelId, body.attachments, files, message.attachments) }
        : {}),
      ...(body.flags != null ? { flags: body.flags & CREATE_FLAGS } : {}),
    });
    return view(message, app.botUserId);
  });

  api.delete('/channels/:channelId/messages/:messageId', bot, async (request, reply) => {
    const { channelId, messageId } = request.params as { channelId: string; messageId: string };
    const app = botOf(request);
    channelForBot(world, channelId, app);
    const message = world.store.message(channelId, messageId);
    if (message.authorId !== app.botUserId) channelForBot(world, channelId, app, Permission.MANAGE_MESSAGES);
    deleteMessage(world, message);
    return reply.code(204).send();
  });

  api.post('/channels/:channelId/messages/bulk-delete', bot, async (request, reply) => {
    const { channelId } = request.params as { channelId: string };
    const app = botOf(request);
    channelForBot(world, channelId, app, Permission.MANAGE_MESSAGES);
    const { messages: ids } = parseBody(bulkSchema, request.body);
    if (ids.some((id) => Date.now() - snowflakeTimestamp(id) > TWO_WEEKS_MS))
      throw ApiErrors.tooOldToBulkDelete();
    const found = ids
      .map((id) => world.store.messages.get(id))
      .filter((m): m is MessageRecord => m !== undefined && m.channelId === channelId && !m.ephemeral);
    bulkDeleteMessages(world, channelId, found);
    return reply.code(204).send();
  });

  const reactionBase = '/channels/:channelId/messages/:messageId/reactions/:emoji';
  type ReactionParams = { channelId: string; messageId: string; emoji: string; userId?: string };

  api.put(`${reactionBase}/@me`, bot, async (request, reply) => {
    const { channelId, messageId, emoji } = request.params as ReactionParams;
    const app = botOf(request);
    channelForBot(world, channelId, app, Permission.READ_MESSAGE_HISTORY);
    const message = world.store.message(channelId, messageId);
    // Adding a new emoji needs ADD_REACTIONS; joining an existing reaction doesn't.
    if (!message.reactions.has(parseReactionEmoji(emoji).key))
      channelForBot(world, channelId, app, Permission.ADD_REACTIONS);
    addReaction(world, message, app.botUserId, emoji);
    return reply.code(204).send();
  });

  api.delete(`${reactionBase}/@me`, bot, async (request, reply) => {
    const { channelId, messageId, emoji } = request.params as ReactionParams;
    const app = botOf(request);
    channelForBot(world, channelId, app);
    removeReaction(world, world.store.message(channelId, messageId), app.botUserId, emoji);
    return reply.code(204).send();
  });

  api.delete(`${reactionBase}/:userId`, bot, async (request, reply) => {
    const { channelId, messageId, emoji, userId } = request.params as ReactionParams;
    const app = botOf(request);
    channelForBot(world, channelId, app, Permission.MANAGE_MESSAGES);
    removeReaction(world, world.store.message(channelId, messageId), userId ?? '', emoji);
    return reply.code(204).send();
  });

  api.get(reactionBase, bot, async (request) => {
    const { channelId, messageId, emoji } = request.params as ReactionParams;
    const app = botOf(request);
    channelForBot(world, channelId, app, Permission.READ_MESSAGE_HISTORY);
    const message = world.store.message(channelId, messageId);
    const query = reactionUsersQuery.parse(request.query);
    const reaction = message.reactions.get(parseReactionEmoji(emoji).key);
    const after = query.after;
    return [...(reaction?.userIds ?? [])]
      .filter((id) => !after || compareSnowflakes(id, after) > 0)
      .sort(compareSnowflakes)
      .slice(0, query.limit)
      .map((id) => world.store.users.get(id))
      .filter((u): u is UserRecord => u !== undefined)
      .map(serializeUser);
  });
}
