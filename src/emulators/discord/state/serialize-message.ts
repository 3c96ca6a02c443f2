import type { Json } from './serialize.ts';
import { serializeMember, serializeUser } from './serialize.ts';
import type { EmulatorStore } from './store.ts';
import type { AttachmentRecord, MessageRecord, UserRecord } from './types.ts';

export interface SerializeMessageOptions {
  /** Whose `me` flags reactions carry (the bot reading the message). */
  viewerId?: string;
  /** Gateway MESSAGE_CREATE/UPDATE in guilds carry the author's member object (without user). */
  withMember?: boolean;
}

export function serializeAttachment(attachment: AttachmentRecord): Json {
  return {
    id: attachment.id,
    filename: attachment.filename,
    description: attachment.description ?? undefined,
    content_type: attachment.contentType ?? undefined,
    size: attachment.size,
    url: attachment.url,
    proxy_url: attachment.url,
    height: null,
    width: null,
  };
}

/** A message object (https://discord.com/developers/docs/resources/message#message-object). */
export function serializeMessage(
  store: EmulatorStore,
  message: MessageRecord,
  options: SerializeMessageOptions = {},
): Json {
  const author = store.users.get(message.authorId);
  const guild = message.guildId ? store.guilds.get(message.guildId) : undefined;
  const member = guild?.members.get(message.authorId);
  const mentions = message.mentionIds
    .map((id) => store.users.get(id))
    .filter((u): u is UserRecord => u !== undefined)
    .map((u) => {
      const mentioned = guild?.members.get(u.id);
      return options.withMember && mentioned
        ? { ...serializeUser(u), member: serializeMember(store, mentioned, false) }
        : serializeUser(u);
    });
  const referenced = message.referencedMessageId
    ? store.messages.get(message.referencedMessageId)
    : undefined;
  const interactionUser = message.interaction ? store.users.get(message.interaction.userId) : undefined;

  return {
    id: message.id,
    type: message.type,
    channel_id: message.channelId,
    ...(message.guildId ? { guild_id: message.guildId } : {}),
    author: author
      ? serializeUser(author)
      : { id: message.authorId, username: 'Deleted User', discriminator: '0' },
    ...(options.withMember && member && !message.webhookId
      ? { member: serializeMember(store, member, false) }
      : {}),
    content: message.content,
    timestamp: message.timestamp,
    edited_timestamp: message.editedTimestamp,
    tts: message.tts,
    mention_everyone: message.mentionEveryone,
    mentions,
    mention_roles: [...message.mentionRoleIds],
    attachments: message.attachments.map(serializeAttachment),
    embeds: message.embeds,
    ...(message.reactions.size > 0 ? { reactions: serializeReactions(message, options.viewerId) } : {}),
    ...(message.nonce !== null ? { nonce: message.nonce } : {}),
    pinned: message.pinned,
    ...(message.webhookId ? { webhook_id: message.webhookId } : {}),
    ...(message.applicationId ? { application_id: message.applicationId } : {}),
    flags: message.flags,
    components: message.components,
    ...(message.interaction && interactionUser
      ? {
          interaction_metadata: {
            id: message.interaction.id,
            type: message.interaction.type,
            user: serializeUser(interactionUser),
            authorizing_integration_owners: message.guildId
              ? { '0': message.guildId }
              : { '1': interactionUser.id },
            ...(message.interaction.name ? { name: message.interaction.name } : {}),
          },
          interaction: {
            id: message.interaction.id,
            type: message.interaction.type,
            name: message.interaction.name ?? '',
            user: serializeUser(interactionUser),
          },
        }
      : {}),
    ...(message.referencedMessageId
      ? {
          message_reference: {
            type: 0,
            message_id: message.referencedMessageId,
            channel_id: message.channelId,
            ...(message.guildId ? { guild_id: message.guildId } : {}),
          },
          referenced_message: referenced
            ? serializeMessage(store, { ...referenced, referencedMessageId: null })
            : null,
        }
      : {}),
  };
}

function serializeReactions(message: MessageRecord, viewerId: string | undefined): Json[] {
  return [...message.reactions.values()].map((reaction) => ({
    count: reaction.userIds.size,
    count_details: { burst: 0, normal: reaction.userIds.size },
    me: viewerId ? reaction.userIds.has(viewerId) : false,
    me_burst: false,
    burst_colors: [],
    emoji: reaction.emoji,
  }));
}
