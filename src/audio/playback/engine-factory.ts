import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { Logger } from '../../logging/index.ts';
import { ffmpegPath } from '../../media/index.ts';
import { createNetGuard, type NetGuard } from '../../net-guard/index.ts';
import type { FrameCounters, PlayerEngineFactory } from '../contracts.ts';
import { FfmpegTracker } from './ffmpeg-process.ts';
import { PlaybackInputError } from './filters.ts';
import { FrameClock, type FrameClockFigures } from './frame-clock.ts';
import { FRAME_MS } from './opus-packet.ts';
import { registerPlaybackMetrics } from './playback-metrics.ts';
import { GramophonePlayerEngine } from './player-engine.ts';

const optionsSchema = z.object({
  /** Period of the shared frame clock; one 20 ms Opus frame goes out per tick (tests only). */
  frameIntervalMs: z.number().int().min(1).max(1000).default(FRAME_MS),
  /** Time without audio while playing (or loading) before `trackStuck` (Lavalink's 10 s). */
  stuckThresholdMs: z.number().int().min(100).default(10_000),
  /** libopus complexity when transcoding, 0–10 (10 = best quality, most CPU). */
  opusComplexity: z.number().int().min(0).max(10).default(10),
  /** Opus bitrate when transcoding, in kbit/s. */
  opusBitrateKbps: z.number().int().min(16).max(510).default(128),
  /** ffmpeg binary; defaults to the system's or the npm-packaged one. */
  ffmpegBinary: z.string().min(1).optional(),
});

/** Options of {@link createPlayerEngineFactory}. */
export type PlayerEngineFactoryOptions = z.input<typeof optionsSchema> & {
  logger: Logger;
  registry?: Registry;
  /**
   * The guard every track URL is fetched through. Default: one with no allow list (private,
   * loopback and metadata addresses refused).
   */
  netGuard?: NetGuard;
};

/** The factory with this module's engine type (so tests and tools see `pipeline` and `status`). */
export interface GramophonePlayerEngineFactory extends PlayerEngineFactory {
  create(guildId: string, userId: string): GramophonePlayerEngine;
  /** Players alive (created, not destroyed). */
  readonly players: number;
  /** Frame counters of every player this factory made, destroyed ones included. */
  readonly frameTotals: FrameCounters;
  /** How well the shared 20 ms clock keeps time (late and missed slots). */
  readonly clockFigures: FrameClockFigures;
}

const snowflake = z.string().regex(/^\d{1,20}$/, 'must be a Discord snowflake');

/**
 * Builds the audio node's playback: one shared frame clock and ffmpeg tracker, and a
 * {@link GramophonePlayerEngine} per guild and bot user.
 *
 * @throws PlaybackInputError for options out of range.
 */
export function createPlayerEngineFactory(
  options: PlayerEngineFactoryOptions,
): GramophonePlayerEngineFactory {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new PlaybackInputError(
      `invalid playback options: ${z.prettifyError(parsed.error).replaceAll('\n', ' ')}`,
    );
  }
  const settings = parsed.data;
  const logger = options.logger.child({ module: 'playback' });
  const clock = new FrameClock(settings.frameIntervalMs, logger);
  const tracker = new FfmpegTracker();
  const totals: FrameCounters = { sent: 0, nulled: 0, deficit: 0 };
  const engines = new Map<string, GramophonePlayerEngine>();
  let binary = settings.ffmpegBinary;
  const netGuard = options.netGuard ?? createNetGuard();

  const factory: GramophonePlayerEngineFactory = {
    create(guildId: string, userId: string): GramophonePlayerEngine {
      for (const [name, value] of [
        ['guildId', guildId],
        ['userId', userId],
      ] as const) {
        if (!snowflake.safeParse(value).success)
          throw new PlaybackInputError(`${name} must be a Discord snowflake`);
      }
      const key = `${guildId}:${userId}`;
      // @discordjs/voice keeps one connection per guild and group (= user): two engines would share it.
      if (engines.has(key))
        throw new Error(`a player for guild ${guildId} and user ${userId} already exists`);
      binary ??= ffmpegPath();
      const engine = new GramophonePlayerEngine(guildId, userId, {
        clock,
        logger,
        totals,
        frameIntervalMs: settings.frameIntervalMs,
        stuckThresholdMs: settings.stuckThresholdMs,
        pipeline: {
          ffmpegBinary: binary,
          tracker,
          opusComplexity: settings.opusComplexity,
          bitrateKbps: settings.opusBitrateKbps,
        },
        netGuard,
        onDestroyed: (destroyed) => {
          if (engines.get(key) === destroyed) engines.delete(key);
        },
      });
      engines.set(key, engine);
      return engine;
    },
    get ffmpegProcesses() {
      return tracker.count;
    },
    get players() {
      return engines.size;
    },
    get frameTotals() {
      return { ...totals };
    },
    get clockFigures() {
      return clock.figures;
    },
  };
  if (options.registry)
    registerPlaybackMetrics(options.registry, {
      totals,
      get ffmpegProcesses() {
        return tracker.count;
      },
    });
  return factory;
}
