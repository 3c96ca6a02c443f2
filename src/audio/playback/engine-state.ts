import { z } from 'zod';
import type { FrameCounters } from '../contracts.ts';
import { PlaybackInputError } from './filters.ts';
import type { Playback } from './playback.ts';

/**
 * A player's state. `paused` in idle and loading is the player's pause flag (Lavalink keeps it
 * across tracks): a track started while it is set waits paused once its audio is ready.
 */
export type EngineState =
  | { status: 'idle'; paused: boolean }
  | { status: 'loading'; playback: Playback; paused: boolean; since: number }
  | { status: 'playing'; playback: Playback }
  | { status: 'paused'; playback: Playback };

export function playbackOf(state: EngineState): Playback | null {
  return state.status === 'idle' ? null : state.playback;
}

/** Frame counters of one player, adding into the node's totals as they grow. */
export class FrameTally {
  private readonly own: FrameCounters = { sent: 0, nulled: 0, deficit: 0 };

  constructor(private readonly totals: FrameCounters) {}

  get counters(): FrameCounters {
    return { ...this.own };
  }

  add(kind: keyof FrameCounters, count = 1): void {
    this.own[kind] += count;
    this.totals[kind] += count;
  }
}

const millis = z.number().min(0).max(Number.MAX_SAFE_INTEGER);
const playOptionsSchema = z.object({
  position: millis.optional(),
  endTime: millis.nullable().optional(),
  paused: z.boolean().optional(),
});

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new PlaybackInputError(`invalid ${what}: ${z.prettifyError(parsed.error).replaceAll('\n', ' ')}`);
  }
  return parsed.data;
}

/** @throws PlaybackInputError for a negative position or end time. */
export function parsePlayOptions(input: unknown): z.output<typeof playOptionsSchema> {
  return parse(playOptionsSchema, input ?? {}, 'play options');
}

/** @throws PlaybackInputError unless 0 ≤ volume ≤ 1000. */
export function parseVolume(input: unknown): number {
  return parse(z.number().min(0).max(1000), input, 'volume');
}

/** @throws PlaybackInputError for a negative or non-numeric position. */
export function parsePosition(input: unknown, what: string): number {
  return parse(millis, input, what);
}

/** @throws PlaybackInputError for a negative end time. */
export function parseEndTime(input: unknown): number | null {
  return parse(millis.nullable(), input, 'end time');
}
