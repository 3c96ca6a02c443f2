import { z } from 'zod';
import { loopModes } from './queue-model.ts';

/**
 * Every queue operation, as the slash commands, the bus and the panel send it. One schema,
 * so the panel can do nothing the bot's own commands could not.
 */
export const queueOperationSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('add'),
    query: z.string().trim().min(1).max(500),
    next: z.boolean().optional(),
    now: z.boolean().optional(),
  }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('skip'), to: z.number().int().min(1).optional() }),
  z.object({ type: z.literal('back') }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('seek'), positionMs: z.number().int().min(0) }),
  z.object({ type: z.literal('volume'), volume: z.number().int().min(0).max(200) }),
  z.object({ type: z.literal('loop'), mode: z.enum(loopModes) }),
  z.object({ type: z.literal('shuffle') }),
  z.object({
    type: z.literal('remove'),
    from: z.number().int().min(1),
    to: z.number().int().min(1).optional(),
  }),
  z.object({ type: z.literal('move'), from: z.number().int().min(1), to: z.number().int().min(1) }),
  z.object({ type: z.literal('clear') }),
  z.object({ type: z.literal('filter'), preset: z.string().min(1).max(32).nullable() }),
  z.object({ type: z.literal('replay') }),
  z.object({ type: z.literal('autoplay'), enabled: z.boolean() }),
  z.object({ type: z.literal('join') }),
  z.object({ type: z.literal('leave') }),
]);
export type QueueOperation = z.infer<typeof queueOperationSchema>;
export type QueueOperationType = QueueOperation['type'];

/** What an operation did, besides the new queue. */
export type OperationOutcome =
  | { kind: 'done' }
  | {
      kind: 'added';
      titles: string[];
      playlistName: string | null;
      position: number;
      startedNow: boolean;
      skippedTooLong: number;
    }
  | { kind: 'voted'; votes: number; needed: number }
  | { kind: 'removed'; titles: string[] };
