import type { z } from 'zod';
import type { Bus } from '../../bus/index.ts';
import { GATEWAY_ADDRESS } from '../../gateway/contract.ts';
import {
  MUSIC_OPERATION_COMMAND,
  MUSIC_SNAPSHOT_COMMAND,
  type MusicOperationRequest,
} from '../bus-contract.ts';
import {
  musicOperationReplySchema,
  type QueueOperation,
  type QueueSnapshot,
  queueSnapshotSchema,
} from '../contract.ts';
import { apiErrorOfMusicFailure } from './music-refusals.ts';

export type MusicOperationReply = z.infer<typeof musicOperationReplySchema>;

export interface LiveMusicTimeouts {
  /** Reading the queue is quick: the gateway has it in memory. */
  snapshotMs: number;
  /** `add` loads the query on the audio node first (a playlist or a search can take seconds). */
  operationMs: number;
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
  ) {}

  async snapshot(guildId: string): Promise<QueueSnapshot> {
    const reply = await this.#ask(MUSIC_SNAPSHOT_COMMAND, { guildId }, this.timeouts.snapshotMs);
    return checked(queueSnapshotSchema, reply, MUSIC_SNAPSHOT_COMMAND);
  }

  /** Applies `operation` as `userId` would with a slash command. */
  async operate(guildId: string, userId: string, operation: QueueOperation): Promise<MusicOperationReply> {
    const request: MusicOperationRequest = { guildId, userId, operation };
    const reply = await this.#ask(MUSIC_OPERATION_COMMAND, request, this.timeouts.operationMs);
    return checked(musicOperationReplySchema, reply, MUSIC_OPERATION_COMMAND);
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
