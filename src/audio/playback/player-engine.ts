import { EventEmitter } from 'node:events';
import type { Logger } from '../../logging/index.ts';
import type { NetGuard } from '../../net-guard/index.ts';
import type {
  AudioInput,
  Filters,
  FrameCounters,
  PlayerEngine,
  PlayerEngineEvents,
  Track,
  TrackEndReason,
  VoiceServerInfo,
} from '../contracts.ts';
import {
  type EngineState,
  FrameTally,
  parseEndTime,
  parsePlayOptions,
  parsePosition,
  parseVolume,
  playbackOf,
} from './engine-state.ts';
import { type ActiveFilters, activeFilters, parseFilters } from './filters.ts';
import type { FrameClock, FrameClockClient } from './frame-clock.ts';
import { OPUS_SILENCE_FRAME } from './opus-packet.ts';
import { type PipelineDeps, pipelineConfig } from './pipeline.ts';
import { type PipelineInfo, Playback } from './playback.ts';
import { needsNetwork, TrackInput } from './track-input.ts';
import { VoiceLink } from './voice-link.ts';

/** Silence frames sent when audio stops, so receivers' decoders fade out instead of glitching. */
const TRAILING_SILENCE_FRAMES = 5;

/** What an engine shares with the rest of the node. */
export interface EngineDeps {
  clock: FrameClock;
  pipeline: PipelineDeps;
  logger: Logger;
  frameIntervalMs: number;
  stuckThresholdMs: number;
  /** The node's frame totals (for metrics). */
  totals: FrameCounters;
  onDestroyed(engine: GramophonePlayerEngine): void;
  /** Every URL a track plays from is fetched through it (by us, or by ffmpeg via its proxy). */
  netGuard: NetGuard;
}

/**
 * One guild's player: a state machine (idle → loading → playing ⇄ paused) over a {@link Playback}
 * and a {@link VoiceLink}, stepped by the node's shared frame clock. Every way out of a track
 * goes through the `state` setter, which closes the playback (ffmpeg killed, input released).
 */
export class GramophonePlayerEngine implements PlayerEngine, FrameClockClient {
  private current: EngineState = { status: 'idle', paused: false };
  private readonly events = new EventEmitter();
  private readonly voice: VoiceLink;
  private readonly tally: FrameTally;
  private readonly logger: Logger;
  private active: ActiveFilters = {};
  private volume = 100;
  private silenceLeft = 0;
  /** Consecutive ticks without audio while playing. */
  private starvedFrames = 0;
  private stuckReported = false;
  private destroyed = false;

  constructor(
    readonly guildId: string,
    readonly userId: string,
    private readonly deps: EngineDeps,
  ) {
    this.logger = deps.logger.child({ guildId, userId });
    this.tally = new FrameTally(deps.totals);
    this.voice = new VoiceLink(guildId, userId, this.logger, (code, reason, byRemote) =>
      this.emit('voiceClosed', code, reason, byRemote),
    );
  }

  on<E extends keyof PlayerEngineEvents>(event: E, listener: PlayerEngineEvents[E]): this {
    this.events.on(event, listener);
    return this;
  }

  off<E extends keyof PlayerEngineEvents>(event: E, listener: PlayerEngineEvents[E]): this {
    this.events.off(event, listener);
    return this;
  }

  get voiceConnected(): boolean {
    return this.voice.ready;
  }

  get ping(): number {
    return this.voice.ping;
  }

  get position(): number {
    return playbackOf(this.current)?.position ?? 0;
  }

  get track(): Track | null {
    return playbackOf(this.current)?.track ?? null;
  }

  get paused(): boolean {
    const state = this.current;
    return (
      state.status === 'paused' || ((state.status === 'idle' || state.status === 'loading') && state.paused)
    );
  }

  get frames(): FrameCounters {
    return this.tally.counters;
  }

  /** The state's name (for tests and diagnostics). */
  get status(): EngineState['status'] {
    return this.current.status;
  }

  /** How the current track's Opus is made (passthrough, remux, transcode) and the ffmpeg arguments. */
  get pipeline(): PipelineInfo | null {
    return playbackOf(this.current)?.pipeline ?? null;
  }

  async connectVoice(voice: VoiceServerInfo): Promise<void> {
    this.assertAlive();
    await this.voice.connect(voice);
  }

  async play(
    track: Track,
    input: AudioInput,
    options: { position?: number; endTime?: number | null; paused?: boolean },
  ): Promise<void> {
    // The guard's proxy is started on the first URL input (ffmpeg fetches through it).
    let proxy: string | null = null;
    try {
      if (needsNetwork(input)) proxy = await this.deps.netGuard.proxyUrl();
    } catch (error) {
      input.close?.();
      throw error;
    }
    const trackInput = new TrackInput(input, { guard: this.deps.netGuard, proxy });
    let playback: Playback;
    try {
      this.assertAlive();
      const { position = 0, endTime = null, paused = this.paused } = parsePlayOptions(options);
      const config = pipelineConfig(this.active, this.volume);
      playback = new Playback(track, trackInput, position, config, this.deps.pipeline, endTime, this.logger);
      const previous = playbackOf(this.current);
      this.state = { status: 'loading', playback, paused, since: performance.now() };
      if (previous) this.emit('trackEnd', previous.track, 'replaced');
    } catch (error) {
      trackInput.close();
      throw error;
    }
  }

  stop(): void {
    this.end('stopped');
  }

  async seek(positionMs: number): Promise<void> {
    const position = parsePosition(positionMs, 'seek position');
    const playback = playbackOf(this.current);
    if (!playback) return;
    const { info } = playback.track;
    if (info.isStream || !info.isSeekable) return;
    playback.restart(position);
    this.starvedFrames = 0;
  }

  setPaused(paused: boolean): void {
    const state = this.current;
    if (state.status === 'idle' || state.status === 'loading') this.state = { ...state, paused };
    else if (state.status === 'playing' && paused)
      this.state = { status: 'paused', playback: state.playback };
    else if (state.status === 'paused' && !paused)
      this.state = { status: 'playing', playback: state.playback };
  }

  async setVolume(volume: number): Promise<void> {
    this.volume = parseVolume(volume);
    this.applyConfig();
  }

  async setFilters(filters: Filters): Promise<void> {
    this.active = activeFilters(parseFilters(filters));
    this.applyConfig();
  }

  setEndTime(endTime: number | null): void {
    const value = parseEndTime(endTime);
    const playback = playbackOf(this.current);
    if (playback) playback.endTime = value;
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.end('cleanup');
    this.destroyed = true;
    this.silenceLeft = 0;
    this.deps.clock.delete(this);
    this.voice.destroy();
    this.deps.onDestroyed(this);
  }

  /** @internal One 20 ms slot of the frame clock. */
  onFrame(): void {
    const state = this.current;
    if (state.status === 'loading') this.stepLoading(state);
    else if (state.status === 'playing') this.stepPlaying(state);
    else this.stepSilence();
  }

  /** @internal Slots the clock could not run: frames owed while playing become the deficit. */
  onMissedFrames(count: number): void {
    if (this.current.status === 'playing' && this.voice.owed) this.tally.add('deficit', count);
  }

  /** The only way the state changes: it closes a playback left behind and (un)registers ticks. */
  private set state(next: EngineState) {
    const previous = this.current;
    const oldPlayback = playbackOf(previous);
    if (oldPlayback && oldPlayback !== playbackOf(next)) {
      oldPlayback.close();
      this.stuckReported = false;
    }
    if (previous.status === 'playing' && next.status !== 'playing' && this.voice.ready) {
      this.silenceLeft = TRAILING_SILENCE_FRAMES;
    }
    if (next.status === 'playing') this.silenceLeft = 0;
    this.starvedFrames = 0;
    this.current = next;
    if (next.status === 'loading' || next.status === 'playing' || this.silenceLeft > 0)
      this.deps.clock.add(this);
  }

  private stepLoading(state: Extract<EngineState, { status: 'loading' }>): void {
    const { playback } = state;
    const result = playback.poll();
    if (result === 'ready') {
      this.state = state.paused ? { status: 'paused', playback } : { status: 'playing', playback };
      this.emit('trackStart', playback.track);
      // The first frame goes out in this slot, unless a listener changed the state meanwhile.
      const now = this.current;
      if (now.status === 'playing' && now.playback === playback) this.stepPlaying(now);
    } else if (result === 'waiting') {
      if (!this.stuckReported && performance.now() - state.since >= this.deps.stuckThresholdMs) {
        this.stuckReported = true;
        this.emit('trackStuck', playback.track, this.deps.stuckThresholdMs);
      }
    } else if (result === 'ended') {
      // Nothing at all to play: a seek past the end finishes, an empty input failed to load.
      if (playback.position > 0) this.end('finished');
      else this.fail(new Error('the input holds no audio'), 'common');
    } else {
      this.fail(result, 'common');
    }
  }

  private stepPlaying(state: Extract<EngineState, { status: 'playing' }>): void {
    if (!this.voice.ready) {
      // The track waits for the connection (its position holds), but the slot is lost.
      if (this.voice.owed) this.tally.add('deficit');
      return;
    }
    const { playback } = state;
    const outcome = playback.next();
    if (outcome.kind === 'frame') {
      this.tally.add(this.voice.send(outcome.packet) ? 'sent' : 'nulled');
      this.starvedFrames = 0;
      this.stuckReported = false;
      if (playback.pastEndTime) this.end('finished');
    } else if (outcome.kind === 'waiting') {
      this.tally.add('nulled');
      this.starvedFrames += 1;
      if (this.starvedFrames <= TRAILING_SILENCE_FRAMES) this.voice.send(OPUS_SILENCE_FRAME);
      if (
        !this.stuckReported &&
        this.starvedFrames * this.deps.frameIntervalMs >= this.deps.stuckThresholdMs
      ) {
        this.stuckReported = true;
        this.emit('trackStuck', playback.track, this.deps.stuckThresholdMs);
      }
    } else if (outcome.kind === 'ended') {
      this.end('finished');
    } else {
      this.fail(outcome.error, 'fault');
    }
  }

  private stepSilence(): void {
    if (this.silenceLeft > 0 && this.voice.ready) {
      this.voice.send(OPUS_SILENCE_FRAME);
      this.silenceLeft -= 1;
      if (this.silenceLeft === 0) this.voice.stopSpeaking();
    } else {
      this.silenceLeft = 0;
    }
    if (this.silenceLeft === 0) this.deps.clock.delete(this);
  }

  private applyConfig(): void {
    const state = this.current;
    if (state.status === 'idle') return;
    state.playback.reconfigure(pipelineConfig(this.active, this.volume), state.status === 'playing');
  }

  /** Ends the current track with `reason` (no-op when idle). */
  private end(reason: TrackEndReason): void {
    const state = this.current;
    if (state.status === 'idle') return;
    this.state = { status: 'idle', paused: this.paused };
    this.emit('trackEnd', state.playback.track, reason);
  }

  /** A track that cannot play: TrackException, then TrackEnd(loadFailed), as lavaplayer does. */
  private fail(error: Error, severity: 'common' | 'fault'): void {
    const track = this.track;
    if (!track) return;
    this.logger.warn({ err: error, track: track.info.identifier }, 'track failed');
    this.emit('trackException', track, {
      message: error.message,
      severity,
      cause: `${error.name}: ${error.message}`,
    });
    // A listener may already have stopped it or started another track.
    if (this.track === track) this.end('loadFailed');
  }

  private emit<E extends keyof PlayerEngineEvents>(
    event: E,
    ...args: Parameters<PlayerEngineEvents[E]>
  ): void {
    try {
      this.events.emit(event, ...args);
    } catch (error) {
      this.logger.error({ err: error, event }, 'player event listener threw');
    }
  }

  private assertAlive(): void {
    if (this.destroyed) throw new Error(`player of guild ${this.guildId} was destroyed`);
  }
}
