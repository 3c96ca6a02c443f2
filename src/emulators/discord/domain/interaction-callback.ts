import { ApiErrors, fieldError } from '../errors.ts';
import type { Json } from '../state/serialize.ts';
import type { MessageRecord } from '../state/types.ts';
import { buildAttachments, type UploadedFile } from './attachments.ts';
import { InteractionType } from './interaction-payload.ts';
import { type InteractionRecord, type ShownModal, serializeFor } from './interaction-record.ts';
import {
  autocompleteDataSchema,
  CallbackType,
  deferDataSchema,
  isEmptyMessage,
  type MessageBody,
  MessageFlag,
  messageBodySchema,
  modalSchema,
} from './message-body.ts';
import { createMessage, editMessage } from './messages.ts';
import type { World } from './world.ts';

/**
 * Carries out an interaction callback of `type` (already checked as valid for the interaction):
 * reply, defer, update the component's message, offer choices or show a modal.
 */
export function applyCallback(
  world: World,
  record: InteractionRecord,
  type: number,
  data: Record<string, unknown>,
  files: UploadedFile[],
  rememberModal: (modal: ShownModal) => void,
): void {
  switch (type) {
    case CallbackType.CHANNEL_MESSAGE: {
      const message = createResponseMessage(world, record, messageBodySchema.parse(data), files);
      record.originalMessageId = message.id;
      break;
    }
    case CallbackType.DEFERRED_CHANNEL_MESSAGE: {
      const flags = deferDataSchema.parse(data).flags ?? 0;
      const ephemeral = (flags & MessageFlag.EPHEMERAL) !== 0;
      const message = createMessage(world, {
        ...responseMessageBase(world, record),
        flags: MessageFlag.LOADING | (ephemeral ? MessageFlag.EPHEMERAL : 0),
        ephemeral,
      });
      record.originalMessageId = message.id;
      record.loading = true;
      break;
    }
    case CallbackType.DEFERRED_UPDATE_MESSAGE:
    case CallbackType.UPDATE_MESSAGE: {
      const source = record.sourceMessageId ? world.store.messages.get(record.sourceMessageId) : undefined;
      if (!source)
        throw fieldError(
          ['type'],
          'This interaction has no message to update',
          'INTERACTION_RESPONSE_TYPE_INVALID',
        );
      record.originalMessageId = source.id;
      if (type === CallbackType.UPDATE_MESSAGE)
        applyEdit(world, record, source, messageBodySchema.parse(data), files);
      break;
    }
    case CallbackType.AUTOCOMPLETE_RESULT:
      record.choices = autocompleteDataSchema
        .parse(data)
        .choices.map((c) => ({ name: c.name, value: c.value }));
      break;
    case CallbackType.MODAL: {
      const modal = modalSchema.parse(data);
      record.modal = modal;
      rememberModal({
        modal,
        applicationId: record.applicationId,
        guildId: record.guildId,
        channelId: record.channelId,
        sourceMessageId: record.sourceMessageId,
      });
      break;
    }
  }
}

/** The body of a callback with `?with_response=true`. */
export function callbackResponse(world: World, record: InteractionRecord, type: number): Json {
  const message = record.originalMessageId ? world.store.messages.get(record.originalMessageId) : undefined;
  return {
    interaction: {
      id: record.id,
      type: record.type,
      response_message_id: message?.id ?? null,
      response_message_loading: record.loading,
      response_message_ephemeral: message?.ephemeral ?? false,
    },
    resource: {
      type,
      ...(message && type !== CallbackType.DEFERRED_UPDATE_MESSAGE
        ? { message: serializeFor(world, record, message) }
        : {}),
    },
  };
}

/** What every message answering an interaction shares: the bot as author, its webhook, the metadata. */
export function responseMessageBase(world: World, record: InteractionRecord) {
  const app = world.store.applications.get(record.applicationId);
  return {
    channelId: record.channelId,
    authorId: app?.botUserId ?? record.applicationId,
    webhookId: record.applicationId,
    applicationId: record.applicationId,
    type: record.type === InteractionType.APPLICATION_COMMAND ? 20 : 0,
    interaction: { id: record.id, type: record.type, name: record.commandName, userId: record.userId },
  };
}

/** A reply or follow-up message (ephemeral when its flags say so). */
export function createResponseMessage(
  world: World,
  record: InteractionRecord,
  body: MessageBody,
  files: UploadedFile[],
): MessageRecord {
  if (isEmptyMessage(body, files.length)) throw ApiErrors.cannotSendEmpty();
  const flags = body.flags ?? 0;
  return createMessage(world, {
    ...responseMessageBase(world, record),
    content: body.content ?? '',
    embeds: body.embeds ?? [],
    components: body.components ?? [],
    attachments: buildAttachments(world, record.channelId, body.attachments, files),
    flags: flags & ~MessageFlag.LOADING,
    tts: body.tts ?? false,
    ephemeral: (flags & MessageFlag.EPHEMERAL) !== 0,
    allowedMentions: body.allowed_mentions,
  });
}

/**
 * Edits a message from a PATCH-like body: only the fields present change, ephemerality stays, and the
 * "thinking" state of the interaction's original message ends.
 */
export function applyEdit(
  world: World,
  record: InteractionRecord,
  message: MessageRecord,
  body: MessageBody,
  files: UploadedFile[],
): void {
  const keptFlags = message.flags & (MessageFlag.EPHEMERAL | MessageFlag.IS_COMPONENTS_V2);
  const editable = MessageFlag.SUPPRESS_EMBEDS | MessageFlag.IS_COMPONENTS_V2;
  editMessage(world, message, {
    allowedMentions: body.allowed_mentions,
    ...(body.content !== undefined ? { content: body.content ?? '' } : {}),
    ...(body.embeds !== undefined ? { embeds: body.embeds ?? [] } : {}),
    ...(body.components !== undefined ? { components: body.components ?? [] } : {}),
    ...(body.attachments !== undefined || files.length > 0
      ? {
          attachments: buildAttachments(
            world,
            message.channelId,
            body.attachments,
            files,
            message.attachments,
          ),
        }
      : {}),
    flags: keptFlags | ((body.flags ?? message.flags) & editable & ~MessageFlag.LOADING),
  });
  if (message.id === record.originalMessageId) record.loading = false;
}
