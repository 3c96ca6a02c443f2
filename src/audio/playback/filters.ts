import { z } from 'zod';
import { FILTER_NAMES } from '../../lavalink/index.ts';
import type { Filters } from '../contracts.ts';

/** Filter names this node applies (all of Lavalink's built-in ones), for `/v4/info` `filters`. */
export const supportedFilters = FILTER_NAMES;

/** Centre frequencies (Hz) of Lavalink's 15 equalizer bands. */
export const EQUALIZER_BANDS_HZ = [
  25, 40, 63, 100, 160, 250, 400, 630, 1000, 1600, 2500, 4000, 6300, 10000, 16000,
] as const;

const optionalNumber = z.number().optional();
const positive = z.number().positive().optional();
const unit = z.number().min(0).max(1).optional();

/** Lavalink's `filters` object with its documented ranges (null or omitted = off). */
export const filtersSchema = z.object({
  volume: z.number().min(0).max(5).optional(),
  equalizer: z
    .array(z.object({ band: z.number().int().min(0).max(14), gain: z.number().min(-0.25).max(1) }))
    .optional(),
  karaoke: z
    .object({ level: optionalNumber, monoLevel: optionalNumber, filterBand: positive, filterWidth: positive })
    .nullish(),
  timescale: z.object({ speed: positive, pitch: positive, rate: positive }).nullish(),
  tremolo: z.object({ frequency: positive, depth: unit }).nullish(),
  vibrato: z.object({ frequency: z.number().positive().max(14).optional(), depth: unit }).nullish(),
  rotation: z.object({ rotationHz: optionalNumber }).nullish(),
  distortion: z
    .object({
      sinOffset: optionalNumber,
      sinScale: optionalNumber,
      cosOffset: optionalNumber,
      cosScale: optionalNumber,
      tanOffset: optionalNumber,
      tanScale: optionalNumber,
      offset: optionalNumber,
      scale: optionalNumber,
    })
    .nullish(),
  channelMix: z
    .object({ leftToLeft: unit, leftToRight: unit, rightToLeft: unit, rightToRight: unit })
    .nullish(),
  lowPass: z.object({ smoothing: z.number().min(0).optional() }).nullish(),
  pluginFilters: z.record(z.string(), z.unknown()).optional(),
});

/** Thrown for a filters object, volume or position outside Lavalink's ranges. */
export class PlaybackInputError extends Error {
  override name = 'PlaybackInputError';
}

/**
 * Validates a filters object as a client PATCHes it.
 *
 * @throws PlaybackInputError naming every value out of range.
 */
export function parseFilters(input: unknown): Filters {
  const parsed = filtersSchema.safeParse(input ?? {});
  if (!parsed.success) {
    throw new PlaybackInputError(`invalid filters: ${z.prettifyError(parsed.error).replaceAll('\n', ' ')}`);
  }
  return parsed.data;
}

/** The filters that change the audio, with Lavalink's defaults filled in; absent = off. */
export interface ActiveFilters {
  volume?: number;
  /** Gain per band (index 0–14), Lavalink's multiplier offsets. */
  equalizer?: number[];
  karaoke?: { level: number; monoLevel: number; filterBand: number; filterWidth: number };
  timescale?: { speed: number; pitch: number; rate: number };
  tremolo?: { frequency: number; depth: number };
  vibrato?: { frequency: number; depth: number };
  distortion?: Required<NonNullable<Filters['distortion']>>;
  rotation?: { rotationHz: number };
  channelMix?: Required<NonNullable<Filters['channelMix']>>;
  lowPass?: { smoothing: number };
}

/** Keeps only the filters whose settings change the audio (Lavalink's `isEnabled` rules). */
export function activeFilters(filters: Filters): ActiveFilters {
  const active: ActiveFilters = {};
  if (filters.volume !== undefined && filters.volume !== 1) active.volume = filters.volume;
  const gains = new Array<number>(EQUALIZER_BANDS_HZ.length).fill(0);
  for (const { band, gain } of filters.equalizer ?? []) gains[band] = gain;
  if (gains.some((gain) => gain !== 0)) active.equalizer = gains;
  if (filters.karaoke) {
    const { level = 1, monoLevel = 1, filterBand = 220, filterWidth = 100 } = filters.karaoke;
    active.karaoke = { level, monoLevel, filterBand, filterWidth };
  }
  if (filters.timescale) {
    const { speed = 1, pitch = 1, rate = 1 } = filters.timescale;
    if (speed !== 1 || pitch !== 1 || rate !== 1) active.timescale = { speed, pitch, rate };
  }
  if (filters.tremolo) {
    const { frequency = 2, depth = 0.5 } = filters.tremolo;
    if (depth !== 0) active.tremolo = { frequency, depth };
  }
  if (filters.vibrato) {
    const { frequency = 2, depth = 0.5 } = filters.vibrato;
    if (depth !== 0) active.vibrato = { frequency, depth };
  }
  if (filters.distortion) {
    const d = {
      sinOffset: 0,
      sinScale: 1,
      cosOffset: 0,
      cosScale: 1,
      tanOffset: 0,
      tanScale: 1,
      offset: 0,
      scale: 1,
    };
    const merged = { ...d, ...stripUndefined(filters.distortion) };
    if (Object.entries(merged).some(([key, value]) => d[key as keyof typeof d] !== value)) {
      active.distortion = merged;
    }
  }
  const rotationHz = filters.rotation?.rotationHz ?? 0;
  if (rotationHz !== 0) active.rotation = { rotationHz };
  if (filters.channelMix) {
    const mix = {
      leftToLeft: 1,
      leftToRight: 0,
      rightToLeft: 0,
      rightToRight: 1,
      ...stripUndefined(filters.channelMix),
    };
    if (mix.leftToLeft !== 1 || mix.leftToRight !== 0 || mix.rightToLeft !== 0 || mix.rightToRight !== 1) {
      active.channelMix = mix;
    }
  }
  const smoothing = filters.lowPass ? (filters.lowPass.smoothing ?? 20) : 0;
  if (smoothing > 1) active.lowPass = { smoothing };
  return active;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Whether nothing would change the audio: the condition (with volume 100) for Opus passthrough. */
export function isNeutral(active: ActiveFilters, playerVolume: number): boolean {
  return Object.keys(active).length === 0 && playerVolume === 100;
}

/**
 * Source milliseconds one 20 ms output frame carries: timescale speed and rate both shorten the
 * output, so the track position must advance faster than the wall clock.
 */
export function sourceMsPerFrame(active: ActiveFilters, frameMs = 20): number {
  const { speed = 1, rate = 1 } = active.timescale ?? {};
  return frameMs * speed * rate;
}
