import type { EventEmitter } from 'node:events';
import type { Json } from '../state/serialize.ts';
import { serializeAttachment, serializeMessage } from '../state/serialize-message.ts';
import type { MessageRecord } from '../state/types.ts';
import { CallbackType } from './message-body.ts';
import type { World } from './world.ts';

/** What the bot answered to an interaction, as the control API reports it. */
export interface BotAnswer {
  interactionId: string;
  /** The callback type: 4 reply, 5 defer, 6 deferred update, 7 update, 8 autocomplete choices, 9 modal. */
  responseType: number;
  /** True after a defer (5 or 6): the content is what the bot later edited in. */
  deferred: boolean;
  ephemeral: boolean;
  flags: number;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: Json[];
  /** The original response message (for 6/7: the message the component is on). */
  messageId: string | null;
  message: Json | null;
  modal: Json | null;
  choices: { name: string; value: string | number }[] | null;
  /** Follow-up messages received so far. */
  followUps: Json[];
  timing: InteractionTiming;
}

/**
 * When the emulator sent INTERACTION_CREATE and when the bot's callback reached it, in epoch
 * milliseconds with sub-millisecond precision (the clock of the `requests` log's `at`), so
 * tests and benchmarks can measure how fast a bot acknowledges.
 */
export interface InteractionTiming {
  dispatchedAt: number;
  /** Null until the callback (`POST /interactions/:id/:token/callback`) is accepted. */
  acknowledgedAt: number | null;
}

/** The bot did not acknowledge in time, or deferred and never finished. */
export class InteractionNotAnswered extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InteractionNotAnswered';
  }
}

/** An interaction in flight and what the bot has done with it so far. */
export interface InteractionRecord {
  id: string;
  token: string;
  applicationId: string;
  type: number;
  guildId: string | null;
  channelId: string;
  userId: string;
  createdAt: number;
  timing: InteractionTiming;
  commandName: string | null;
  sourceMessageId: string | null;
  responseType: number | null;
  originalMessageId: string | null;
  /** Deferred (5) and nothing sent yet: the "is thinking…" message. */
  loading: boolean;
  /** Deferred update (6) and the message was since edited. */
  editedAfterDefer: boolean;
  followUpIds: string[];
  modal: Json | null;
  choices: { name: string; value: string | number }[] | null;
  changes: EventEmitter;
}

/** A modal the bot showed a user, remembered so a submission can mirror its structure. */
export interface ShownModal {
  modal: Json;
  applicationId: string;
  guildId: string | null;
  channelId: string;
  sourceMessageId: string | null;
}

export interface AnswerTimeouts {
  /** How long to wait for the callback; Discord's limit is 3 s. */
  ackTimeoutMs?: number;
  /** After a defer, how long to wait for the edit or follow-up. */
  answerTimeoutMs?: number;
}

/** Describes the bot's answer as it stands. */
export function describeRecord(world: World, record: InteractionRecord): BotAnswer {
  const message = record.originalMessageId ? world.store.messages.get(record.originalMessageId) : undefined;
  const followUps = record.followUpIds
    .map((id) => world.store.messages.get(id))
    .filter((m): m is MessageRecord => m !== undefined)
    .map((m) => serializeFor(world, record, m));
  return {
    interactionId: record.id,
    responseType: record.responseType ?? 0,
    deferred:
      record.responseType === CallbackType.DEFERRED_CHANNEL_MESSAGE ||
      record.responseType === CallbackType.DEFERRED_UPDATE_MESSAGE,
    ephemeral: message?.ephemeral ?? false,
    flags: message?.flags ?? 0,
    content: message?.content ?? '',
    embeds: message?.embeds ?? [],
    components: message?.components ?? [],
    attachments: message?.attachments.map(serializeAttachment) ?? [],
    messageId: message?.id ?? null,
    message: message ? serializeFor(world, record, message) : null,
    modal: record.modal,
    choices: record.choices,
    followUps,
    timing: { ...record.timing },
  };
}

/** A message as the application sees it. */
export function serializeFor(world: World, record: InteractionRecord, message: MessageRecord): Json {
  const app = world.store.applications.get(record.applicationId);
  return serializeMessage(world.store, message, { viewerId: app?.botUserId });
}

/** Now on the clock of `InteractionTiming` (and of the REST request log). */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Whether the answer is complete: a defer counts only once the bot followed it up. */
export function isSettled(record: InteractionRecord): boolean {
  switch (record.responseType) {
    case CallbackType.DEFERRED_CHANNEL_MESSAGE:
      return !record.loading;
    case CallbackType.DEFERRED_UPDATE_MESSAGE:
      return record.editedAfterDefer || record.followUpIds.length > 0;
    case null:
      return false;
    default:
      return true;
  }
}

/** Resolves true once `predicate` holds (checked on every 'change'), false after `timeoutMs`. */
export function waitUntil(
  emitter: EventEmitter,
  predicate: () => boolean,
  timeoutMs: number,
): Promise<boolean> {
  if (predicate()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onChange = () => {
      if (!predicate()) return;
      clearTimeout(timer);
      emitter.off('change', onChange);
      resolve(true);
    };
    const timer = setTimeout(() => {
      emitter.off('change', onChange);
      resolve(false);
    }, timeoutMs);
    emitter.on('change', onChange);
  });
}
