import type { z } from 'zod';
import type { Bus } from '../../bus/index.ts';
import { GATEWAY_ADDRESS } from '../../gateway/contract.ts';
import {
  MUSIC_OPERATION_COMMAND,
  MUSIC_SNAPSHOT_COMMAND,
  MUSIC_SOURCES_COMMAND,
  type MusicOperationRequest,
} from '../bus-contract.ts';
import {
  musicOperationReplySchema,
  type PlayableSources,
  playableSourcesSchema,
  type QueueOperation,
  type QueueSnapshot,
  queueSnapshotSchema,
} from '../contract.ts';
import { type AuditTrail, actorContextOf, auditOfOperation, type PanelActor } from './live-music-audit.ts';
import { apiErrorOfMusicFailure } from './music-refusals.ts';

export type MusicOperationReply = z.infer<typeof musicOperationReplySchema>;

export interface LiveMusicTimeouts {
  /** Reading the queue is quick: the gateway has it in memory. */
  snapshotMs: number;
  /** `add` loads the query on the audio node first (a playlist or a search can take seconds). */
  operationMs: number;
}

/** Where the panel's actions are audited, and where a failure to record one is logged. */
export interface LiveMusicAudit {
  trail: AuditTrail;
  logError(error: unknown, guildId: string): void;
}

/**
 * A guild's live queue, read and changed through the gateway over the bus. The gateway looks
 * the acting user up in the guild and applies the slash commands' rules, so the panel can do
 * nothing the bot's own commands could not; its refusals come back as API errors.
 */
export class LiveMusicService {
  constructor(
    private readonly bus: Bus,
    private readonly timeouts: LiveMusicTimeouts = { snapshotMs: 3_000, operationMs: 15_000 },
    private readonly audit: LiveMusicAudit | null = null,
  ) {}

  async snapshot(guildId: string): Promise<QueueSnapshot> {
    const reply = await this.#ask(MUSIC_SNAPSHOT_COMMAND, { guildId }, this.timeouts.snapshotMs);
    return checked(queueSnapshotSchema, reply, MUSIC_SNAPSHOT_COMMAND);
  }

  /** What the bot's audio nodes can play. */
  async playableSources(): Promise<PlayableSources> {
    const reply = await this.#ask(MUSIC_SOURCES_COMMAND, {}, this.timeouts.snapshotMs);
    return checked(playableSourcesSchema, reply, MUSIC_SOURCES_COMMAND);
  }

  /**
   * Applies `operation` as the actor would with a slash command, and audits it under their name.
   * `voiceChannelId` summons the bot there (a manager's `join`, or an `add` with no player),
   * whether or not the actor is in voice.
   */
  async operate(
    guildId: string,
    actor: PanelActor | string,
    operation: QueueOperation,
    voiceChannelId?: string,
  ): Promise<MusicOperationReply> {
    const panelActor = typeof actor === 'string' ? { userId: actor } : actor;
    const request: MusicOperationRequest = {
      guildId,
      userId: panelActor.userId,
      operation,
      ...(voiceChannelId ? { voiceChannelId } : {}),
    };
    // What a skip or stop ends is gone from the answer: the audit names it from before.
    const before =
      this.audit && (operation.type === 'skip' || operation.type === 'stop')
        ? await this.snapshot(guildId).catch(() => null)
        : null;
    const answer = await this.#ask(MUSIC_OPERATION_COMMAND, request, this.timeouts.operationMs);
    const reply = checked(musicOperationReplySchema, answer, MUSIC_OPERATION_COMMAND);
    await this.#audit(guildId, panelActor, operation, reply, voiceChannelId, before);
    return reply;
  }

  /** The operation happened: a failure to record it is logged, not answered as the operation's. */
  async #audit(
    guildId: string,
    actor: PanelActor,
    operation: QueueOperation,
    reply: MusicOperationReply,
    voiceChannelId: string | undefined,
    before: QueueSnapshot | null,
  ): Promise<void> {
    if (!this.audit) return;
    try {
      await this.audit.trail.recordAction(
        guildId,
        auditOfOperation(operation, reply, voiceChannelId, before),
        actorContextOf(actor),
      );
    } catch (error) {
      this.audit.logError(error, guildId);
    }
  }

  async #ask(command: string, payload: unknown, timeoutMs: number): Promise<unknown> {
    try {
      return await this.bus.request(GATEWAY_ADDRESS, command, payload, { timeoutMs });
    } catch (error) {
      throw apiErrorOfMusicFailure(error);
    }
  }
}

/**
 * The gateway's reply, checked against the contract. A mismatch (processes of different
 * versions) is our fault, not the caller's: a plain Error, so it is logged and answered 500.
 */
function checked<T>(schema: z.ZodType<T>, reply: unknown, command: string): T {
  const parsed = schema.safeParse(reply);
  if (!parsed.success) {
    throw new Error(`the gateway's ${command} reply breaks the bus contract: ${parsed.error.message}`);
  }
  return parsed.data;
}
