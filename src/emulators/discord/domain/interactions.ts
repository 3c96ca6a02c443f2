import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { ApiErrors, fieldError } from '../errors.ts';
import type { Json } from '../state/serialize.ts';
import { serializeMessage } from '../state/serialize-message.ts';
import type { MessageRecord } from '../state/types.ts';
import type { UploadedFile } from './attachments.ts';
import { applyCallback, applyEdit, callbackResponse, createResponseMessage } from './interaction-callback.ts';
import { type InteractionContext, InteractionType, interactionBase } from './interaction-payload.ts';
import {
  type AnswerTimeouts,
  type BotAnswer,
  describeRecord,
  InteractionNotAnswered,
  type InteractionRecord,
  isSettled,
  preciseNow,
  type ShownModal,
  serializeFor,
  waitUntil,
} from './interaction-record.ts';
import { CallbackType, callbackSchema, isEmptyMessage, messageBodySchema } from './message-body.ts';
import { deleteMessage } from './messages.ts';
import type { World } from './world.ts';

export type { AnswerTimeouts, BotAnswer, InteractionTiming, ShownModal } from './interaction-record.ts';
export { InteractionNotAnswered } from './interaction-record.ts';

export interface StartInteraction {
  ctx: InteractionContext;
  type: number;
  data: Json;
  commandName?: string | null;
  /** Component interactions, and modals opened from a component: the message it's on. */
  message?: MessageRecord | null;
}

const VALID_CALLBACKS: Record<number, number[]> = {
  [InteractionType.APPLICATION_COMMAND]: [4, 5, 9],
  [InteractionType.MESSAGE_COMPONENT]: [4, 5, 6, 7, 9],
  [InteractionType.AUTOCOMPLETE]: [8],
  [InteractionType.MODAL_SUBMIT]: [4, 5, 6, 7],
};

/**
 * Interactions in flight: creates INTERACTION_CREATE, handles the callback and the interaction webhook
 * (follow-ups, @original), enforces Discord's rules (3 s to acknowledge, one acknowledgement, 15 min
 * token) and lets the control API await what the bot answered.
 */
export class InteractionRegistry {
  private readonly records = new Map<string, InteractionRecord>();
  private readonly byToken = new Map<string, string>();
  private readonly modals = new Map<string, ShownModal>();

  constructor(private readonly world: World) {}

  /** Creates an interaction and dispatches INTERACTION_CREATE to the application. */
  start(input: StartInteraction): { id: string; token: string } {
    this.prune();
    const { store } = this.world;
    const app = store.applications.get(input.ctx.applicationId);
    if (!app) throw ApiErrors.unknownApplication();
    const id = store.ids.next();
    const token = `${Buffer.from(`interaction:${id}`).toString('base64url')}.${randomBytes(48).toString('base64url')}`;
    const payload: Json = {
      ...interactionBase(this.world, input.ctx, input.type, id, token),
      data: input.data,
      ...(input.message
        ? { message: serializeMessage(store, input.message, { viewerId: app.botUserId }) }
        : {}),
    };
    const record: InteractionRecord = {
      id,
      token,
      applicationId: app.id,
      type: input.type,
      guildId: input.ctx.guildId,
      channelId: input.ctx.channelId,
      userId: input.ctx.userId,
      createdAt: Date.now(),
      timing: { dispatchedAt: 0, acknowledgedAt: null },
      commandName: input.commandName ?? null,
      sourceMessageId: input.message?.id ?? null,
      responseType: null,
      originalMessageId: null,
      loading: false,
      editedAfterDefer: false,
      followUpIds: [],
      modal: null,
      choices: null,
      changes: new EventEmitter(),
    };
    this.records.set(id, record);
    this.byToken.set(token, id);
    this.world.sink.dispatch({
      t: 'INTERACTION_CREATE',
      d: payload,
      applicationId: app.id,
      ...(input.ctx.guildId ? { guildId: input.ctx.guildId } : { recipientIds: [app.botUserId] }),
    });
    // The gateway writes the frame to the sockets synchronously: this is when it left.
    record.timing.dispatchedAt = preciseNow();
    return { id, token };
  }

  /** `POST /interactions/:id/:token/callback`. Returns the `with_response` body, or null for 204. */
  callback(
    id: string,
    token: string,
    rawBody: unknown,
    files: UploadedFile[],
    withResponse: boolean,
  ): Json | null {
    const arrivedAt = preciseNow();
    const record = this.records.get(id);
    if (!record || record.token !== token) throw ApiErrors.unknownInteraction();
    if (record.responseType !== null) throw ApiErrors.alreadyAcknowledged();
    if (Date.now() - record.createdAt > this.world.limits.interactionAckMs)
      throw ApiErrors.unknownInteraction();
    const body = callbackSchema.parse(rawBody);
    if (!VALID_CALLBACKS[record.type]?.includes(body.type)) {
      throw fieldError(
        ['type'],
        'Interaction response type is not valid for this interaction',
        'INTERACTION_RESPONSE_TYPE_INVALID',
      );
    }
    applyCallback(this.world, record, body.type, body.data ?? {}, files, (modal) =>
      this.modals.set(`${record.userId}:${modal.modal.custom_id as string}`, modal),
    );
    record.responseType = body.type;
    record.timing.acknowledgedAt = arrivedAt;
    record.changes.emit('change');
    return withResponse ? callbackResponse(this.world, record, body.type) : null;
  }

  /** `POST /webhooks/:app/:token`: a follow-up; after a defer, the first one fills the "thinking" message. */
  followUp(applicationId: string, token: string, rawBody: unknown, files: UploadedFile[]): Json {
    const record = this.webhookRecord(applicationId, token);
    if (record.responseType === null) throw ApiErrors.unknownWebhook();
    const body = messageBodySchema.parse(rawBody);
    if (isEmptyMessage(body, files.length)) throw ApiErrors.cannotSendEmpty();
    const original = record.originalMessageId
      ? this.world.store.messages.get(record.originalMessageId)
      : undefined;
    if (record.loading && original) {
      applyEdit(this.world, record, original, body, files);
      record.changes.emit('change');
      return serializeFor(this.world, record, original);
    }
    const message = createResponseMessage(this.world, record, body, files);
    record.followUpIds.push(message.id);
    record.changes.emit('change');
    return serializeFor(this.world, record, message);
  }

  /** `GET /webhooks/:app/:token/messages/:id` (id may be `@original`). */
  getMessage(applicationId: string, token: string, messageId: string): Json {
    const record = this.webhookRecord(applicationId, token);
    return serializeFor(this.world, record, this.webhookMessage(record, messageId));
  }

  /** `PATCH /webhooks/:app/:token/messages/:id`: editReply and friends. */
  editMessage(
    applicationId: string,
    token: string,
    messageId: string,
    rawBody: unknown,
    files: UploadedFile[],
  ): Json {
    const record = this.webhookRecord(applicationId, token);
    const message = this.webhookMessage(record, messageId);
    applyEdit(this.world, record, message, messageBodySchema.parse(rawBody), files);
    if (
      message.id === record.originalMessageId &&
      record.responseType === CallbackType.DEFERRED_UPDATE_MESSAGE
    ) {
      record.editedAfterDefer = true;
    }
    record.changes.emit('change');
    return serializeFor(this.world, record, message);
  }

  /** `DELETE /webhooks/:app/:token/messages/:id`. */
  deleteMessage(applicationId: string, token: string, messageId: string): void {
    const record = this.webhookRecord(applicationId, token);
    const message = this.webhookMessage(record, messageId);
    deleteMessage(this.world, message);
    if (message.id === record.originalMessageId) {
      record.loading = false;
      record.editedAfterDefer = true;
    }
    record.changes.emit('change');
  }

  /** Waits for the bot's answer (following defer → edit) and describes it. */
  async answer(id: string, timeouts: AnswerTimeouts = {}): Promise<BotAnswer> {
    const record = this.records.get(id);
    if (!record) throw new Error(`unknown interaction ${id}`);
    const ackTimeout = timeouts.ackTimeoutMs ?? this.world.limits.interactionAckMs + 250;
    const acknowledged = await waitUntil(record.changes, () => record.responseType !== null, ackTimeout);
    if (!acknowledged) {
      throw new InteractionNotAnswered(
        `the application did not acknowledge interaction ${id} within ${ackTimeout} ms (is a gateway session connected for its guild's shard?)`,
      );
    }
    const settled = await waitUntil(
      record.changes,
      () => isSettled(record),
      timeouts.answerTimeoutMs ?? 10_000,
    );
    if (!settled && record.responseType === CallbackType.DEFERRED_CHANNEL_MESSAGE) {
      throw new InteractionNotAnswered(
        `the application deferred interaction ${id} and never edited the reply`,
      );
    }
    return describeRecord(this.world, record);
  }

  /** Waits until the interaction has `count` follow-ups and returns them. */
  async waitForFollowUps(id: string, count: number, timeoutMs = 5_000): Promise<Json[]> {
    const record = this.records.get(id);
    if (!record) throw new Error(`unknown interaction ${id}`);
    const ok = await waitUntil(record.changes, () => record.followUpIds.length >= count, timeoutMs);
    if (!ok) {
      throw new InteractionNotAnswered(
        `interaction ${id} has ${record.followUpIds.length} follow-ups, expected ${count}`,
      );
    }
    return describeRecord(this.world, record).followUps;
  }

  /** The current state of an interaction's answer, without waiting. */
  describeNow(id: string): BotAnswer {
    const record = this.records.get(id);
    if (!record) throw new Error(`unknown interaction ${id}`);
    return describeRecord(this.world, record);
  }

  /** The modal the bot last showed this user under that custom id. */
  shownModal(userId: string, customId: string): ShownModal | undefined {
    return this.modals.get(`${userId}:${customId}`);
  }

  private webhookRecord(applicationId: string, token: string): InteractionRecord {
    const id = this.byToken.get(token);
    const record = id ? this.records.get(id) : undefined;
    if (!record || record.applicationId !== applicationId) throw ApiErrors.unknownWebhook();
    if (Date.now() - record.createdAt > this.world.limits.interactionTokenMs)
      throw ApiErrors.invalidWebhookToken();
    return record;
  }

  private webhookMessage(record: InteractionRecord, messageId: string): MessageRecord {
    const id = messageId === '@original' ? record.originalMessageId : messageId;
    if (!id || (id !== record.originalMessageId && !record.followUpIds.includes(id)))
      throw ApiErrors.unknownMessage();
    const message = this.world.store.messages.get(id);
    if (!message) throw ApiErrors.unknownMessage();
    return message;
  }

  /** Forgets interactions whose token expired, so long runs don't grow without bound. */
  private prune(): void {
    if (this.records.size < 1_000) return;
    const cutoff = Date.now() - this.world.limits.interactionTokenMs;
    for (const [id, record] of this.records) {
      if (record.createdAt < cutoff) {
        this.records.delete(id);
        this.byToken.delete(record.token);
      }
    }
  }
}
