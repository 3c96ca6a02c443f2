import { ApiErrors } from '../errors.ts';
import { Intent } from '../intents.ts';
import { hasPermissions, Permission } from '../permissions.ts';
import { serializeMember } from '../state/serialize.ts';
import { serializeMessage } from '../state/serialize-message.ts';
import type { AttachmentRecord, MessageInteractionRecord, MessageRecord } from '../state/types.ts';
import type { DispatchEvent, World } from './world.ts';

export interface CreateMessageInput {
  channelId: string;
  authorId: string;
  content?: string;
  embeds?: unknown[];
  components?: unknown[];
  attachments?: AttachmentRecord[];
  flags?: number;
  tts?: boolean;
  nonce?: string | number | null;
  referencedMessageId?: string | null;
  /** 0 default, 19 reply, 20 chat input command answer, … */
  type?: number;
  webhookId?: string | null;
  applicationId?: string | null;
  interaction?: MessageInteractionRecord | null;
  ephemeral?: boolean;
  /** The body's `allowed_mentions`; absent, every mention in the content counts (Discord's default). */
  allowedMentions?: AllowedMentions | null | undefined;
}

/** `allowed_mentions` as Discord reads it: what of the content's mentions may ping. */
export interface AllowedMentions {
  parse?: readonly string[] | undefined;
  users?: readonly string[] | undefined;
  roles?: readonly string[] | undefined;
}

const USER_MENTION = /<@!?(\d{5,25})>/g;
const ROLE_MENTION = /<@&(\d{5,25})>/g;

/** Creates a message and dispatches MESSAGE_CREATE (not for ephemeral ones, which only their user sees). */
export function createMessage(world: World, input: CreateMessageInput): MessageRecord {
  const channel = world.store.channel(input.channelId);
  const content = input.content ?? '';
  const message: MessageRecord = {
    id: world.store.ids.next(),
    channelId: channel.id,
    guildId: channel.guildId,
    authorId: input.authorId,
    content,
    embeds: (input.embeds ?? []).map(normaliseEmbed),
    components: input.components ?? [],
    attachments: input.attachments ?? [],
    flags: input.flags ?? 0,
    type: input.type ?? (input.referencedMessageId ? 19 : 0),
    timestamp: new Date().toISOString(),
    editedTimestamp: null,
    tts: input.tts ?? false,
    mentionIds: [],
    mentionRoleIds: [],
    mentionEveryone: false,
    pinned: false,
    reactions: new Map(),
    webhookId: input.webhookId ?? null,
    applicationId: input.applicationId ?? null,
    interaction: input.interaction ?? null,
    referencedMessageId: input.referencedMessageId ?? null,
    nonce: input.nonce ?? null,
    ephemeral: input.ephemeral ?? false,
  };
  computeMentions(world, message, input.allowedMentions ?? null);
  world.store.addMessage(message);
  if (!message.ephemeral) {
    channel.lastMessageId = message.id;
    dispatchMessage(world, 'MESSAGE_CREATE', message);
  }
  return message;
}

function normaliseEmbed(embed: unknown): unknown {
  return typeof embed === 'object' && embed !== null ? { type: 'rich', ...embed } : embed;
}

/**
 * The mentions that ping: those in the content that `allowed_mentions` lets through (by `parse`
 * kind, or listed by id) — what Discord reports in `mentions`, `mention_roles` and
 * `mention_everyone`. Without `allowed_mentions`, all of them.
 */
function computeMentions(world: World, message: MessageRecord, allowed: AllowedMentions | null): void {
  const parses = (kind: string) => allowed === null || (allowed.parse ?? []).includes(kind);
  const userIds = new Set<string>();
  for (const match of message.content.matchAll(USER_MENTION)) {
    const id = match[1];
    if (id && world.store.users.has(id) && (parses('users') || allowed?.users?.includes(id))) userIds.add(id);
  }
  const roleIds = new Set<string>();
  if (message.guildId) {
    const guild = world.store.guild(message.guildId);
    for (const match of message.content.matchAll(ROLE_MENTION)) {
      const id = match[1];
      if (id && guild.roles.has(id) && (parses('roles') || allowed?.roles?.includes(id))) roleIds.add(id);
    }
    const mayMentionEveryone = hasPermissions(
      world.store.permissions(guild.id, message.authorId, message.channelId),
      Permission.MENTION_EVERYONE,
    );
    message.mentionEveryone =
      mayMentionEveryone && parses('everyone') && /@(everyone|here)\b/.test(message.content);
  }
  message.mentionIds = [...userIds];
  message.mentionRoleIds = [...roleIds];
}

export interface EditMessageInput {
  content?: string;
  embeds?: unknown[];
  components?: unknown[];
  attachments?: AttachmentRecord[];
  flags?: number;
  allowedMentions?: AllowedMentions | null | undefined;
}

/** Edits a message (MESSAGE_UPDATE with the full message, as Discord sends now). */
export function editMessage(world: World, message: MessageRecord, changes: EditMessageInput): MessageRecord {
  if (changes.content !== undefined) message.content = changes.content;
  if (changes.embeds !== undefined) message.embeds = changes.embeds.map(normaliseEmbed);
  if (changes.components !== undefined) message.components = changes.components;
  if (changes.attachments !== undefined) message.attachments = changes.attachments;
  if (changes.flags !== undefined) message.flags = changes.flags;
  message.editedTimestamp = new Date().toISOString();
  computeMentions(world, message, changes.allowedMentions ?? null);
  if (!message.ephemeral) dispatchMessage(world, 'MESSAGE_UPDATE', message);
  return message;
}

/** Deletes a message (MESSAGE_DELETE). */
export function deleteMessage(world: World, message: MessageRecord): void {
  world.store.removeMessage(message);
  if (message.ephemeral) return;
  world.sink.dispatch({
    ...route(world, message),
    t: 'MESSAGE_DELETE',
    d: {
      id: message.id,
      channel_id: message.channelId,
      ...(message.guildId ? { guild_id: message.guildId } : {}),
    },
  });
}

/** Deletes several messages of one channel (MESSAGE_DELETE_BULK). */
export function bulkDeleteMessages(world: World, channelId: string, messages: MessageRecord[]): void {
  const first = messages[0];
  if (!first) return;
  for (const message of messages) world.store.removeMessage(message);
  world.sink.dispatch({
    ...route(world, first),
    t: 'MESSAGE_DELETE_BULK',
    d: {
      ids: messages.map((m) => m.id),
      channel_id: channelId,
      ...(first.guildId ? { guild_id: first.guildId } : {}),
    },
  });
}

/** The emoji of a reaction route: a unicode emoji, or `name:id` for a custom one (which we don't have). */
export function parseReactionEmoji(raw: string): { key: string; emoji: { id: string | null; name: string } } {
  const emoji = decodeURIComponent(raw);
  if (emoji.includes(':') || emoji.length === 0) throw ApiErrors.unknownEmoji();
  return { key: emoji, emoji: { id: null, name: emoji } };
}

/** Adds a user's reaction (MESSAGE_REACTION_ADD); adding it twice changes nothing. */
export function addReaction(world: World, message: MessageRecord, userId: string, rawEmoji: string): void {
  const { key, emoji } = parseReactionEmoji(rawEmoji);
  let reaction = message.reactions.get(key);
  if (!reaction) {
    reaction = { emoji, userIds: new Set() };
    message.reactions.set(key, reaction);
  }
  if (reaction.userIds.has(userId)) return;
  reaction.userIds.add(userId);
  const member = message.guildId ? world.store.guilds.get(message.guildId)?.members.get(userId) : undefined;
  world.sink.dispatch({
    ...route(world, message, true),
    t: 'MESSAGE_REACTION_ADD',
    d: {
      type: 0,
      user_id: userId,
      channel_id: message.channelId,
      message_id: message.id,
      ...(message.guildId ? { guild_id: message.guildId } : {}),
      ...(member ? { member: serializeMember(world.store, member) } : {}),
      emoji,
      message_author_id: message.authorId,
      burst: false,
      burst_colors: [],
    },
  });
}

/** Removes a user's reaction (MESSAGE_REACTION_REMOVE); a missing one is fine. */
export function removeReaction(world: World, message: MessageRecord, userId: string, rawEmoji: string): void {
  const { key, emoji } = parseReactionEmoji(rawEmoji);
  const reaction = message.reactions.get(key);
  if (!reaction?.userIds.delete(userId)) return;
  if (reaction.userIds.size === 0) message.reactions.delete(key);
  world.sink.dispatch({
    ...route(world, message, true),
    t: 'MESSAGE_REACTION_REMOVE',
    d: {
      type: 0,
      user_id: userId,
      channel_id: message.channelId,
      message_id: message.id,
      ...(message.guildId ? { guild_id: message.guildId } : {}),
      emoji,
      burst: false,
    },
  });
}

function dispatchMessage(world: World, t: string, message: MessageRecord): void {
  const dm = message.guildId === null;
  world.sink.dispatch({
    ...route(world, message),
    t,
    d: null,
    build: (session) =>
      serializeMessage(world.store, message, { viewerId: session.botUserId, withMember: !dm }),
    content: { authorId: message.authorId, mentionIds: message.mentionIds, dm },
  });
}

/** Guild messages go to the guild's shard under GUILD_MESSAGES; DMs to the bots in them. */
function route(world: World, message: MessageRecord, reactions = false): Omit<DispatchEvent, 't' | 'd'> {
  if (message.guildId) {
    return {
      guildId: message.guildId,
      intent: reactions ? Intent.GUILD_MESSAGE_REACTIONS : Intent.GUILD_MESSAGES,
    };
  }
  const channel = world.store.channels.get(message.channelId);
  return {
    recipientIds: channel?.recipientIds ?? [],
    intent: reactions ? Intent.DIRECT_MESSAGE_REACTIONS : Intent.DIRECT_MESSAGES,
  };
}
