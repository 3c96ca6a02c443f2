import type { QueuedTrack } from './contract.ts';
import { type PlayerRecord, positionNow } from './player-store.ts';
import { currentTrack } from './queue-model.ts';

/** How a play ended, as recorded in `play_events.end_reason`. */
/** `interrupted`: the gateway stopped mid-track; the track goes on as a new play after the restart. */
export type PlayEndReason = 'finished' | 'skipped' | 'stopped' | 'failed' | 'left' | 'interrupted';

/** A play in progress: when it began, who was there, and how long it has been audible. */
interface PlayInProgress {
  track: QueuedTrack;
  startedAt: Date;
  listenerIds: string[];
  playedMs: number;
  /** Wall-clock ms since which it is playing unpaused; null while paused. */
  audibleSince: number | null;
}

export interface FinishedPlay {
  guildId: string;
  track: QueuedTrack;
  listenerIds: string[];
  startedAt: Date;
  endedAt: Date;
  msPlayed: number;
  endReason: PlayEndReason;
}

/** What a change in progress may alter besides the record, kept to put back if it fails. */
export interface SessionCheckpoint {
  play: PlayInProgress | null;
  skipVotes: string[];
}

/**
 * One guild's music state in the gateway: the persisted record plus what only lives in memory
 * (the play in progress, skip votes). Operations on a guild run one at a time through `run`.
 * `saved` is the record as PostgreSQL has it: a change that could not be saved goes back to it
 * (`rollBack`), so memory never holds a queue the database does not.
 */
export class GuildSession {
  record: PlayerRecord;
  /** The record as last loaded or saved. */
  saved: PlayerRecord;
  readonly skipVotes = new Set<string>();
  /** Plays that ended in the change in progress: recorded once it is saved, dropped if it is not. */
  readonly endedPlays: FinishedPlay[] = [];
  private play: PlayInProgress | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(record: PlayerRecord) {
    this.record = record;
    this.saved = record;
  }

  /** What `rollBack` restores besides the record: taken before a change begins. */
  checkpoint(): SessionCheckpoint {
    return { play: this.play && { ...this.play }, skipVotes: [...this.skipVotes] };
  }

  /** The record was saved as it is now. */
  markSaved(): void {
    this.saved = this.record;
  }

  /** A change failed: back to the saved record and to the play and votes of `checkpoint`. */
  rollBack(checkpoint: SessionCheckpoint): void {
    this.record = this.saved;
    this.play = checkpoint.play && { ...checkpoint.play };
    this.skipVotes.clear();
    for (const id of checkpoint.skipVotes) this.skipVotes.add(id);
    this.endedPlays.length = 0;
  }

  get guildId(): string {
    return this.record.guildId;
  }

  /** Runs `operation` after every earlier one of this guild has settled. */
  run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.chain.then(operation);
    this.chain = result.catch(() => {});
    return result;
  }

  /** Where the current track is now, from the last saved position and the clock. */
  estimatedPosition(now = Date.now()): number {
    return positionNow(this.record, now, !this.record.paused && this.play !== null);
  }

  setPosition(positionMs: number, at = new Date()): void {
    this.record = { ...this.record, positionMs: Math.max(0, Math.round(positionMs)), positionAt: at };
  }

  isPlaying(): boolean {
    return this.play !== null;
  }

  /** The current track started (or restarted after a restore) being heard. */
  beginPlay(listenerIds: string[], now = Date.now()): void {
    const track = currentTrack(this.record);
    if (!track) return;
    if (this.play && this.play.track === track) return;
    this.skipVotes.clear();
    this.play = {
      track,
      startedAt: new Date(now),
      listenerIds,
      playedMs: 0,
      audibleSince: this.record.paused ? null : now,
    };
  }

  /** Pauses or resumes the player, and with it the audible-time clock. */
  setPaused(paused: boolean, now = Date.now()): void {
    this.setAudible(!paused, now);
    this.record = { ...this.record, paused };
  }

  /**
   * Stops or restarts the audible-time clock without pausing the player: while its audio node is
   * gone nothing is heard, and that time must not count as listened.
   */
  setAudible(audible: boolean, now = Date.now()): void {
    const play = this.play;
    if (!play) return;
    if (!audible && play.audibleSince !== null) {
      play.playedMs += now - play.audibleSince;
      play.audibleSince = null;
    } else if (audible && play.audibleSince === null) {
      play.audibleSince = now;
    }
  }

  /** Ends the play in progress, if any, and says what it was. */
  endPlay(endReason: PlayEndReason, now = Date.now()): FinishedPlay | null {
    const play = this.play;
    this.play = null;
    this.skipVotes.clear();
    if (!play) return null;
    const audible = play.audibleSince === null ? 0 : now - play.audibleSince;
    return {
      guildId: this.guildId,
      track: play.track,
      listenerIds: play.listenerIds,
      startedAt: play.startedAt,
      endedAt: new Date(now),
      msPlayed: Math.max(0, play.playedMs + audible),
      endReason,
    };
  }
}

export function emptyRecord(guildId: string, volume: number): PlayerRecord {
  return {
    guildId,
    voiceChannelId: null,
    textChannelId: null,
    tracks: [],
    currentIndex: -1,
    positionMs: 0,
    positionAt: new Date(),
    paused: false,
    loop: 'off',
    volume,
    filterPreset: null,
    autoplay: false,
    nowPlayingMessageId: null,
  };
}
