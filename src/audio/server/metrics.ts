import { Counter, Gauge, type Metric, type Registry } from 'prom-client';
import type { FrameCounters } from '../contracts.ts';

/** What the metrics read from the node when Prometheus scrapes. */
export interface AudioMetricsSource {
  players(): number;
  playingPlayers(): number;
  ffmpegProcesses(): number;
  /** Every live engine's cumulative frame counters, keyed by a stable object. */
  frameCounters(): Iterable<[object, FrameCounters]>;
}

const FRAME_KINDS = ['sent', 'nulled', 'deficit'] as const;
const PLAYERS = 'gramophone_audio_players';
const PLAYING = 'gramophone_audio_playing_players';
const FRAMES = 'gramophone_audio_frames_total';
const FFMPEG = 'gramophone_audio_ffmpeg_processes';
const LOAD_FAILURES = 'gramophone_audio_load_failures_total';

/** Metrics registered by an AudioMetrics: a later server (role restart) replaces them. */
const ownMetrics = new WeakSet<Metric>();

/**
 * The audio node's Prometheus metrics. Player gauges are the server's own. The frame counter,
 * ffmpeg gauge and load-failure counter are shared with the playback and source modules: when
 * one of them registered the metric first it stays theirs (they also see what the server cannot:
 * frames of destroyed players, failed loads by source) and the server only adds what it alone
 * knows — tracks that failed to open. Otherwise the server provides them from its engines.
 */
export class AudioMetrics {
  private readonly frames: Counter<'kind'> | undefined;
  private readonly loadFailures: Counter<'source'> | undefined;
  private seen = new WeakMap<object, FrameCounters>();

  constructor(registry: Registry | undefined, source: AudioMetricsSource) {
    const mine = (name: string): boolean => {
      if (!registry) return false;
      const existing = registry.getSingleMetric(name);
      if (existing && !ownMetrics.has(existing)) return false;
      registry.removeSingleMetric(name);
      return true;
    };
    const own = <T extends Metric>(metric: T): T => {
      ownMetrics.add(metric);
      return metric;
    };
    const registers = registry ? [registry] : [];

    if (mine(PLAYERS)) {
      own(
        new Gauge({
          name: PLAYERS,
          help: 'Players on the audio node, across all sessions',
          registers,
          collect() {
            this.set(source.players());
          },
        }),
      );
    }
    if (mine(PLAYING)) {
      own(
        new Gauge({
          name: PLAYING,
          help: 'Players with a track that is not paused',
          registers,
          collect() {
            this.set(source.playingPlayers());
          },
        }),
      );
    }
    if (mine(FFMPEG)) {
      own(
        new Gauge({
          name: FFMPEG,
          help: 'ffmpeg processes alive for playback',
          registers,
          collect() {
            this.set(source.ffmpegProcesses());
          },
        }),
      );
    }
    if (mine(FRAMES)) {
      const observeAll = () => {
        for (const [key, counters] of source.frameCounters()) this.observeFrames(key, counters);
      };
      this.frames = own(
        new Counter({
          name: FRAMES,
          help: 'Opus frames of playing players: sent to Discord, nulled (no audio ready), deficit (slots missed)',
          labelNames: ['kind'],
          registers,
          collect: observeAll,
        }),
      );
      for (const kind of FRAME_KINDS) this.frames.inc({ kind }, 0);
    }
    if (registry) {
      this.loadFailures =
        (registry.getSingleMetric(LOAD_FAILURES) as Counter<'source'> | undefined) ??
        new Counter({
          name: LOAD_FAILURES,
          help: 'Track loads that ended in an error, by source',
          labelNames: ['source'],
          registers,
        });
    }
  }

  /** Adds an engine's frame growth since it was last seen (call once more before dropping it). */
  observeFrames(key: object, counters: FrameCounters): void {
    if (!this.frames) return;
    const previous = this.seen.get(key) ?? { sent: 0, nulled: 0, deficit: 0 };
    for (const kind of FRAME_KINDS) {
      const growth = counters[kind] - previous[kind];
      if (growth > 0) this.frames.inc({ kind }, growth);
    }
    this.seen.set(key, { sent: counters.sent, nulled: counters.nulled, deficit: counters.deficit });
  }

  /** Counts a track that could not be opened (failed loads are the sources' to count). */
  loadFailed(source: string): void {
    this.loadFailures?.inc({ source });
  }
}
