/**
 * Small in-memory stand-ins for the audio node's sources and player engine, for unit tests of
 * the Lavalink server: they keep the contract (events, positions, frame counters) with timers
 * instead of ffmpeg, Discord voice and the network.
 */
import { EventEmitter } from 'node:events';
import type {
  AudioInput,
  Filters,
  FrameCounters,
  LoadResult,
  PlayerEngine,
  PlayerEngineEvents,
  PlayerEngineFactory,
  SourceManager,
  Track,
  TrackInfo,
  VoiceServerInfo,
} from '../../../src/audio/contracts.ts';
import { encodeTrack } from '../../../src/lavalink/index.ts';

/** A track the fake sources know, `length` ms long. */
export function fakeTrack(identifier: string, length = 60_000, sourceName = 'http'): Track {
  const info: TrackInfo = {
    identifier,
    isSeekable: true,
    author: 'Fake author',
    length,
    isStream: false,
    position: 0,
    title: `Title of ${identifier}`,
    uri: identifier,
    artworkUrl: null,
    isrc: null,
    sourceName,
  };
  return { encoded: encodeTrack(info), info, pluginInfo: {}, userData: {} };
}

/** An error shaped like the sources' LavalinkException-like errors. */
export class FakeSourceError extends Error {
  constructor(
    message: string,
    readonly severity: 'common' | 'suspicious' | 'fault',
    override readonly cause: string,
  ) {
    super(message);
  }
}

/** Sources answering from a table; tracks whose identifier contains `broken` fail to open. */
export class FakeSources implements SourceManager {
  readonly names = ['http', 'local'];
  readonly results = new Map<string, LoadResult>();
  readonly opened: TrackInfo[] = [];
  openDelayMs = 0;

  load(identifier: string): Promise<LoadResult> {
    return Promise.resolve(this.results.get(identifier) ?? { loadType: 'empty', data: {} });
  }

  async open(track: TrackInfo): Promise<AudioInput> {
    if (this.openDelayMs > 0) await new Promise((done) => setTimeout(done, this.openDelayMs));
    if (track.identifier.includes('broken')) {
      throw new FakeSourceError(
        `Could not open ${track.identifier}`,
        'common',
        'ECONNREFUSED: connect failed',
      );
    }
    this.opened.push(track);
    return { source: `fake://${track.identifier}`, container: 'unknown' };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** A player engine playing in wall-clock time, one 20 ms frame at a time. */
export class FakeEngine extends EventEmitter implements PlayerEngine {
  track: Track | null = null;
  paused = false;
  voiceConnected = false;
  ping = -1;
  destroyed = false;
  readonly voiceUpdates: VoiceServerInfo[] = [];
  readonly calls: string[] = [];
  filtersApplied: Filters | undefined;
  volume = 100;
  endTime: number | null = null;
  private basePosition = 0;
  private since = Date.now();
  private finishTimer: NodeJS.Timeout | undefined;
  private readonly counters: FrameCounters = { sent: 0, nulled: 0, deficit: 0 };
  private framesSince = Date.now();

  constructor(readonly guildId: string) {
    super();
  }

  override on<E extends keyof PlayerEngineEvents>(event: E, listener: PlayerEngineEvents[E]): this {
    return super.on(event, listener);
  }

  override off<E extends keyof PlayerEngineEvents>(event: E, listener: PlayerEngineEvents[E]): this {
    return super.off(event, listener);
  }

  async connectVoice(voice: VoiceServerInfo): Promise<void> {
    this.calls.push('connectVoice');
    if (voice.endpoint.startsWith('refuse')) throw new Error('voice server refused the session');
    this.voiceUpdates.push(voice);
    this.voiceConnected = true;
    this.ping = 12;
  }

  async play(
    track: Track,
    _input: AudioInput,
    options: { position?: number; endTime?: number | null; paused?: boolean },
  ) {
    this.calls.push('play');
    const previous = this.track;
    this.settleFrames();
    this.clearFinish();
    this.track = track;
    this.basePosition = options.position ?? 0;
    this.since = Date.now();
    this.paused = options.paused ?? false;
    this.endTime = options.endTime ?? null;
    if (previous) this.emit('trackEnd', previous, 'replaced');
    this.emit('trackStart', track);
    this.scheduleFinish();
  }

  stop(): void {
    this.calls.push('stop');
    this.end('stopped');
  }

  get position(): number {
    if (!this.track) return 0;
    return this.paused ? this.basePosition : this.basePosition + (Date.now() - this.since);
  }

  async seek(positionMs: number): Promise<void> {
    this.calls.push(`seek:${positionMs}`);
    this.basePosition = positionMs;
    this.since = Date.now();
    this.scheduleFinish();
  }

  setPaused(paused: boolean): void {
    this.calls.push(`paused:${paused}`);
    if (paused === this.paused) return;
    this.settleFrames();
    this.basePosition = this.position;
    this.since = Date.now();
    this.paused = paused;
    this.scheduleFinish();
  }

  async setVolume(volume: number): Promise<void> {
    this.calls.push(`volume:${volume}`);
    this.volume = volume;
  }

  async setFilters(filters: Filters): Promise<void> {
    this.calls.push('filters');
    // The real engine refuses what it cannot play, with an error of this name.
    if (filters.timescale?.speed === 0) {
      throw Object.assign(new Error('invalid filters: timescale.speed must be > 0'), {
        name: 'PlaybackInputError',
      });
    }
    this.filtersApplied = filters;
  }

  setEndTime(endTime: number | null): void {
    this.calls.push(`endTime:${endTime}`);
    this.endTime = endTime;
    this.scheduleFinish();
  }

  /** Counters grow by one sent frame per 20 ms while a track plays unpaused. */
  get frames(): FrameCounters {
    this.settleFrames();
    return { ...this.counters };
  }

  async destroy(): Promise<void> {
    this.calls.push('destroy');
    this.destroyed = true;
    this.end('cleanup');
  }

  /** Test hook: pretends Discord closed the voice websocket. */
  closeVoice(code: number, reason: string): void {
    this.voiceConnected = false;
    this.ping = -1;
    this.emit('voiceClosed', code, reason, true);
  }

  private end(reason: 'stopped' | 'cleanup' | 'finished'): void {
    this.settleFrames();
    this.clearFinish();
    const track = this.track;
    this.track = null;
    this.basePosition = 0;
    if (track) this.emit('trackEnd', track, reason);
  }

  private settleFrames(): void {
    const now = Date.now();
    if (this.track && !this.paused) this.counters.sent += Math.floor((now - this.framesSince) / 20);
    this.framesSince = now - ((now - this.framesSince) % 20);
  }

  private scheduleFinish(): void {
    this.clearFinish();
    if (!this.track || this.paused) return;
    const end = this.endTime ?? this.track.info.length;
    this.finishTimer = setTimeout(() => this.end('finished'), Math.max(0, end - this.position));
  }

  private clearFinish(): void {
    clearTimeout(this.finishTimer);
    this.finishTimer = undefined;
  }
}

/** Hands out FakeEngines and remembers them by guild. */
export class FakeEngineFactory implements PlayerEngineFactory {
  readonly engines: FakeEngine[] = [];

  create(guildId: string): FakeEngine {
    // Like the real factory: one live player per guild (and bot).
    if (this.engines.some((engine) => engine.guildId === guildId && !engine.destroyed)) {
      throw new Error(`a player for guild ${guildId} already exists`);
    }
    const engine = new FakeEngine(guildId);
    this.engines.push(engine);
    return engine;
  }

  /** The latest engine of a guild. */
  engine(guildId: string): FakeEngine {
    const engine = this.engines.findLast((candidate) => candidate.guildId === guildId);
    if (!engine) throw new Error(`no engine for guild ${guildId}`);
    return engine;
  }

  get ffmpegProcesses(): number {
    return this.engines.filter((engine) => engine.track !== null && !engine.destroyed).length;
  }
}
