import type { Logger } from '../../logging/index.ts';

/** Something that sends one frame per tick. */
export interface FrameClockClient {
  /** One 20 ms slot: send (or skip) a frame. */
  onFrame(): void;
  /** Slots the clock could not run (the event loop was blocked too long to catch up). */
  onMissedFrames(count: number): void;
}

/**
 * Late slots run back to back up to this many (half a second), as a fixed-rate scheduler does
 * (Lavalink's frame poller too): receivers' jitter buffers absorb a short burst. Beyond that the
 * audio would arrive too late to matter, and the slots are given up as the deficit.
 */
export const MAX_CATCH_UP_SLOTS = 25;
/** A slot run this much after its deadline counts as late (beyond a typical jitter buffer). */
const LATE_MS = 100;

/** How well the clock keeps time, in slots (one per 20 ms while any player is active). */
export interface FrameClockFigures {
  /** Slots run. */
  slots: number;
  /** Slots run more than 100 ms after their deadline (caught up in a burst). */
  lateSlots: number;
  /** Slots given up (the event loop was stalled for more than half a second). */
  missedSlots: number;
}

/**
 * One timer for every player of a node instead of one per player: each tick walks the active
 * players once. It keeps to absolute deadlines (performance.now), so timer lateness does not add
 * up; a stall up to half a second is caught up, a longer one is reported as missed frames (the
 * deficit).
 */
export class FrameClock {
  private readonly clients = new Set<FrameClockClient>();
  private timer: NodeJS.Timeout | null = null;
  private nextDue = 0;
  private readonly tally: FrameClockFigures = { slots: 0, lateSlots: 0, missedSlots: 0 };

  /**
   * @param now - the monotonic clock the deadlines are kept on. Production uses performance.now;
   *   the seam exists so tests can drive time themselves (stalls of exact length) instead of
   *   racing the wall clock, which a loaded machine makes late by hundreds of milliseconds.
   */
  constructor(
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get size(): number {
    return this.clients.size;
  }

  get figures(): FrameClockFigures {
    return { ...this.tally };
  }

  add(client: FrameClockClient): void {
    if (this.clients.has(client)) return;
    this.clients.add(client);
    if (!this.timer) {
      this.nextDue = this.now();
      this.schedule();
    }
  }

  delete(client: FrameClockClient): void {
    this.clients.delete(client);
    if (this.clients.size === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private schedule(): void {
    this.timer = setTimeout(() => this.run(), Math.max(0, this.nextDue - this.now()));
  }

  private run(): void {
    const now = this.now();
    let due = 0;
    while (this.nextDue <= now && due < MAX_CATCH_UP_SLOTS) {
      if (now - this.nextDue > LATE_MS) this.tally.lateSlots += 1;
      due += 1;
      this.nextDue += this.intervalMs;
    }
    this.tally.slots += due;
    if (this.nextDue <= now) {
      const missed = Math.floor((now - this.nextDue) / this.intervalMs) + 1;
      this.nextDue += missed * this.intervalMs;
      this.tally.missedSlots += missed;
      for (const client of this.clients) client.onMissedFrames(missed);
    }
    for (let slot = 0; slot < due; slot += 1) {
      // A Set tolerates clients leaving (track ended) while it is walked.
      for (const client of this.clients) {
        try {
          client.onFrame();
        } catch (error) {
          this.logger.error({ err: error }, 'player frame step failed');
        }
      }
    }
    if (this.clients.size > 0) this.schedule();
    else this.timer = null;
  }
}
