import type {
  EventOp,
  Filters,
  LavalinkException,
  Player,
  PlayerState,
  PlayerUpdate,
  Track,
  TrackEndReason,
  VoiceState,
  VoiceStateUpdate,
} from '../../lavalink/index.ts';
import type { Logger } from '../../logging/index.ts';
import type { AudioInput, FrameCounters, PlayerEngine, SourceManager } from '../contracts.ts';
import { LavalinkHttpError } from '../lavalink-error.ts';
import { errorText, forEngine, refusedAs400 } from './engine-calls.ts';
import { exceptionOf } from './exceptions.ts';

/** What a player needs from its session and node. */
export interface GuildPlayerDeps {
  readonly engine: PlayerEngine;
  readonly sources: SourceManager;
  readonly userId: string;
  readonly logger: Logger;
  /** Sends (or queues) an event for this session. */
  emit(event: EventOp): void;
  /** Sends this player's state now (after a seek, filters, a track start, a voice change). */
  sendPlayerUpdate(): void;
  /** Counts a track that could not be opened. */
  loadFailed(source: string): void;
}

/** A player update whose track part has been resolved to a Track (or a stop) beforehand. */
export interface ResolvedUpdate {
  update: PlayerUpdate;
  /** A track to start, `null` to stop, undefined to leave the track alone. */
  track: Track | null | undefined;
  /** New user data for the current track when no track is given. */
  userData?: Record<string, unknown>;
}

interface PlayOptions {
  position?: number;
  endTime: number | null;
  paused: boolean;
}

/**
 * One guild's Lavalink player: the protocol state the engine does not keep (volume, filters as
 * sent, voice state) and the mapping of engine events to Lavalink events. Track starts are
 * asynchronous, as in Lavalink: the PATCH answers with the new track at once, the source is
 * opened afterwards, and a failure arrives as TrackExceptionEvent + TrackEndEvent(loadFailed).
 */
export class GuildPlayer {
  volume = 100;
  filters: Filters = {};
  private voice: VoiceState | null = null;
  private connecting: { key: string; done: Promise<void> } | null = null;
  /** A track being opened; it is the player's track until the engine starts it or it fails. */
  private pending: { track: Track; options: PlayOptions } | null = null;
  private generation = 0;
  /** A track stopped because its replacement failed to open: its end reads `replaced`. */
  private replacedByFailure: Track | null = null;
  private readonly ended = new WeakSet<Track>();
  private destroyed = false;
  private readonly detach: () => void;

  constructor(
    readonly guildId: string,
    private readonly deps: GuildPlayerDeps,
  ) {
    const { engine } = deps;
    const onStart = (track: Track) => {
      deps.emit({ op: 'event', type: 'TrackStartEvent', guildId, track });
      deps.sendPlayerUpdate();
    };
    const onEnd = (track: Track, reason: TrackEndReason) => this.onTrackEnd(track, reason);
    const onException = (track: Track, exception: LavalinkException) =>
      deps.emit({ op: 'event', type: 'TrackExceptionEvent', guildId, track, exception });
    const onStuck = (track: Track, thresholdMs: number) =>
      deps.emit({ op: 'event', type: 'TrackStuckEvent', guildId, track, thresholdMs });
    const onVoiceClosed = (code: number, reason: string, byRemote: boolean) => {
      deps.emit({ op: 'event', type: 'WebSocketClosedEvent', guildId, code, reason, byRemote });
      deps.sendPlayerUpdate();
    };
    engine.on('trackStart', onStart);
    engine.on('trackEnd', onEnd);
    engine.on('trackException', onException);
    engine.on('trackStuck', onStuck);
    engine.on('voiceClosed', onVoiceClosed);
    this.detach = () => {
      engine.off('trackStart', onStart);
      engine.off('trackEnd', onEnd);
      engine.off('trackException', onException);
      engine.off('trackStuck', onStuck);
      engine.off('voiceClosed', onVoiceClosed);
    };
  }

  /** The current track: the one opening, else the engine's. */
  get track(): Track | null {
    return this.pending?.track ?? this.deps.engine.track;
  }

  /** Playing in Lavalink's sense: a track that is not paused. */
  get playing(): boolean {
    return this.deps.engine.track !== null && !this.deps.engine.paused;
  }

  get frames(): FrameCounters {
    return this.deps.engine.frames;
  }

  get engineKey(): object {
    return this.deps.engine;
  }

  state(): PlayerState {
    const { engine } = this.deps;
    const position = this.pending ? (this.pending.options.position ?? 0) : engine.track ? engine.position : 0;
    return {
      time: Date.now(),
      position: Math.max(0, Math.round(position)),
      connected: engine.voiceConnected,
      ping: engine.voiceConnected ? Math.round(engine.ping) : -1,
    };
  }

  /** The Player object of the REST API. */
  toPlayer(): Player {
    const state = this.state();
    const track = this.track;
    return {
      guildId: this.guildId,
      track: track ? { ...track, info: { ...track.info, position: state.position } } : null,
      volume: this.volume,
      paused: this.pending ? this.pending.options.paused : this.deps.engine.paused,
      state,
      voice: this.voice ?? { token: '', endpoint: '', sessionId: '' },
      filters: this.filters,
    };
  }

  /** Applies a validated update in Lavalink's order; the track change comes last. */
  async apply({ update, track, userData }: ResolvedUpdate): Promise<void> {
    const { engine } = this.deps;
    if (update.voice) await this.connectVoice(update.voice);
    const newTrack = track !== undefined;
    if (update.paused !== undefined && !newTrack) {
      if (this.pending) this.pending.options.paused = update.paused;
      else engine.setPaused(update.paused);
    }
    if (userData && !newTrack && this.track) this.track.userData = userData;
    if (update.volume !== undefined) {
      await refusedAs400(() => engine.setVolume(update.volume as number));
      this.volume = update.volume;
    }
    if (update.position !== undefined && !newTrack) {
      if (this.pending) this.pending.options.position = update.position;
      else if (engine.track) {
        await refusedAs400(() => engine.seek(update.position as number));
        this.deps.sendPlayerUpdate();
      }
    }
    if (update.endTime !== undefined && !newTrack) {
      if (this.pending) this.pending.options.endTime = update.endTime;
      else await refusedAs400(() => engine.setEndTime(update.endTime as number | null));
    }
    if (update.filters) {
      await refusedAs400(() => engine.setFilters(forEngine(update.filters as Filters)));
      this.filters = update.filters;
      this.deps.sendPlayerUpdate();
    }
    if (track === null) this.stop();
    else if (track) {
      this.start(track, {
        position: update.position,
        endTime: update.endTime ?? null,
        paused: update.paused ?? false,
      });
    }
  }

  /** Tears the player down; the engine ends the current track with `cleanup`. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    this.generation++;
    this.pending = null;
    try {
      await this.deps.engine.destroy();
    } finally {
      this.detach();
    }
  }

  private async connectVoice(voice: VoiceStateUpdate): Promise<void> {
    const { token, endpoint, sessionId } = voice;
    const key = `${token}\n${endpoint}\n${sessionId}`;
    const same = this.voice && `${this.voice.token}\n${this.voice.endpoint}\n${this.voice.sessionId}` === key;
    // Lavalink reconnects only when the voice server changed or the connection is gone.
    if (same && this.deps.engine.voiceConnected) return;
    if (this.connecting?.key === key) return this.connecting.done;
    this.voice = { token, endpoint, sessionId };
    const done = this.deps.engine
      .connectVoice({
        guildId: this.guildId,
        userId: this.deps.userId,
        token,
        endpoint,
        sessionId,
        channelId: voice.channelId,
      })
      .catch((error: unknown) => {
        throw new LavalinkHttpError(500, `Failed to connect to voice server: ${errorText(error)}`, true, {
          cause: error,
        });
      })
      .finally(() => {
        if (this.connecting?.done === done) this.connecting = null;
      });
    this.connecting = { key, done };
    await done;
    this.deps.sendPlayerUpdate();
  }

  private stop(): void {
    this.generation++;
    this.pending = null;
    if (this.deps.engine.track) this.deps.engine.stop();
  }

  private start(track: Track, options: PlayOptions): void {
    const generation = ++this.generation;
    this.pending = { track, options };
    void this.openAndPlay(track, generation).catch((error: unknown) => {
      this.deps.logger.error({ err: error, guildId: this.guildId }, 'starting a track failed unexpectedly');
    });
  }

  private async openAndPlay(track: Track, generation: number): Promise<void> {
    const current = () => generation === this.generation && !this.destroyed;
    let input: AudioInput;
    try {
      input = await this.deps.sources.open(track.info);
    } catch (error) {
      if (current()) this.failLoad(track, error);
      return;
    }
    if (!current() || !this.pending) {
      input.close?.();
      return;
    }
    const { options } = this.pending;
    this.pending = null;
    try {
      await this.deps.engine.play(track, input, options);
    } catch (error) {
      input.close?.();
      // An engine that already reported the end of this track has told the client itself.
      if (!this.ended.has(track) && !this.destroyed) this.failLoad(track, error);
    }
  }

  /** The new track could not start: the old one is replaced anyway, the new one fails. */
  private failLoad(track: Track, error: unknown): void {
    if (this.pending?.track === track) this.pending = null;
    this.deps.loadFailed(track.info.sourceName);
    const exception = exceptionOf(error, 'The track could not be loaded');
    this.deps.logger.info(
      { guildId: this.guildId, identifier: track.info.identifier, exception },
      'track failed to load',
    );
    const previous = this.deps.engine.track;
    if (previous && previous !== track) {
      this.replacedByFailure = previous;
      this.deps.engine.stop();
    }
    this.deps.emit({ op: 'event', type: 'TrackExceptionEvent', guildId: this.guildId, track, exception });
    this.ended.add(track);
    this.deps.emit({
      op: 'event',
      type: 'TrackEndEvent',
      guildId: this.guildId,
      track,
      reason: 'loadFailed',
    });
  }

  private onTrackEnd(track: Track, reason: TrackEndReason): void {
    this.ended.add(track);
    let mapped = reason;
    if (track === this.replacedByFailure) {
      this.replacedByFailure = null;
      if (reason === 'stopped') mapped = 'replaced';
    }
    this.deps.emit({ op: 'event', type: 'TrackEndEvent', guildId: this.guildId, track, reason: mapped });
  }
}
