import { Counter, Gauge, type Registry } from 'prom-client';
import type { FrameCounters } from '../contracts.ts';

/** What the metrics read at scrape time from one engine factory. */
export interface PlaybackMetricsSource {
  readonly totals: FrameCounters;
  readonly ffmpegProcesses: number;
}

const FRAME_KINDS = ['sent', 'nulled', 'deficit'] as const;
const FRAMES = 'gramophone_audio_frames_total';
const FFMPEG = 'gramophone_audio_ffmpeg_processes';

/** Factories sharing a registry report together (their totals add up). */
const sourcesByRegistry = new WeakMap<Registry, Set<PlaybackMetricsSource>>();

/**
 * Registers `gramophone_audio_frames_total{kind}` and `gramophone_audio_ffmpeg_processes` on
 * `registry`, both read at scrape time. A metric of the same name someone else registered first
 * (the audio server's own) is left alone. A factory stays counted after it is closed: its totals
 * no longer move, and dropping them would make the counter go down.
 */
export function registerPlaybackMetrics(registry: Registry, source: PlaybackMetricsSource): void {
  let sources = sourcesByRegistry.get(registry);
  if (!sources) {
    const all = new Set<PlaybackMetricsSource>();
    sources = all;
    sourcesByRegistry.set(registry, all);
    const reported = { sent: 0, nulled: 0, deficit: 0 };
    if (!registry.getSingleMetric(FRAMES)) {
      const frames: Counter<'kind'> = new Counter({
        name: FRAMES,
        help: 'Opus frames of playing players: sent to Discord, nulled (no audio ready), deficit (slots missed)',
        labelNames: ['kind'],
        registers: [registry],
        collect() {
          for (const kind of FRAME_KINDS) {
            let total = 0;
            for (const s of all) total += s.totals[kind];
            if (total > reported[kind]) {
              frames.inc({ kind }, total - reported[kind]);
              reported[kind] = total;
            }
          }
        },
      });
      for (const kind of FRAME_KINDS) frames.inc({ kind }, 0);
    }
    if (!registry.getSingleMetric(FFMPEG)) {
      new Gauge({
        name: FFMPEG,
        help: 'ffmpeg processes alive for playback',
        registers: [registry],
        collect() {
          let count = 0;
          for (const s of all) count += s.ffmpegProcesses;
          this.set(count);
        },
      });
    }
  }
  sources.add(source);
}
