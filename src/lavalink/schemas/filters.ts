/**
 * Lavalink v4 filters (docs/api/rest.md "Filters") with the documented ranges. Every filter is
 * optional; object filters may also be `null` (off). Unknown keys are dropped, as Lavalink's
 * parser ignores them (clients send NodeLink-only filters such as `echo` to any node).
 */
import { z } from 'zod';

const unit = z.number().min(0).max(1);

/** The 15 equalizer bands, 0–14, in Hz. */
export const EQUALIZER_BAND_FREQUENCIES = [
  25, 40, 63, 100, 160, 250, 400, 630, 1000, 1600, 2500, 4000, 6300, 10000, 16000,
] as const;

export const equalizerBandSchema = z.object({
  band: z.number().int().min(0).max(14),
  /** -0.25 mutes the band, 0 leaves it, 0.25 doubles it. */
  gain: z.number().min(-0.25).max(1),
});
export type EqualizerBand = z.infer<typeof equalizerBandSchema>;

export const karaokeSchema = z.object({
  level: unit.optional(),
  monoLevel: unit.optional(),
  /** Hz. */
  filterBand: z.number().optional(),
  filterWidth: z.number().optional(),
});

export const timescaleSchema = z.object({
  speed: z.number().min(0).optional(),
  pitch: z.number().min(0).optional(),
  rate: z.number().min(0).optional(),
});

export const tremoloSchema = z.object({
  frequency: z.number().gt(0).optional(),
  depth: z.number().gt(0).max(1).optional(),
});

export const vibratoSchema = z.object({
  frequency: z.number().gt(0).max(14).optional(),
  depth: z.number().gt(0).max(1).optional(),
});

export const rotationSchema = z.object({
  /** Hz of the rotation around the listener; 0.2 is gentle. */
  rotationHz: z.number().optional(),
});

export const distortionSchema = z.object({
  sinOffset: z.number().optional(),
  sinScale: z.number().optional(),
  cosOffset: z.number().optional(),
  cosScale: z.number().optional(),
  tanOffset: z.number().optional(),
  tanScale: z.number().optional(),
  offset: z.number().optional(),
  scale: z.number().optional(),
});

export const channelMixSchema = z.object({
  leftToLeft: unit.optional(),
  leftToRight: unit.optional(),
  rightToLeft: unit.optional(),
  rightToRight: unit.optional(),
});

export const lowPassSchema = z.object({
  /**
   * Active when > 1; the docs say values of 1 or less switch the filter off (rather than being
   * an error), so they are accepted and mean "off".
   */
  smoothing: z.number().min(0).optional(),
});

export const filtersSchema = z.object({
  /** 1.0 is 100%; above 1 may clip. */
  volume: z.number().min(0).max(5).optional(),
  equalizer: z.array(equalizerBandSchema).max(15).optional(),
  karaoke: karaokeSchema.nullable().optional(),
  timescale: timescaleSchema.nullable().optional(),
  tremolo: tremoloSchema.nullable().optional(),
  vibrato: vibratoSchema.nullable().optional(),
  rotation: rotationSchema.nullable().optional(),
  distortion: distortionSchema.nullable().optional(),
  channelMix: channelMixSchema.nullable().optional(),
  lowPass: lowPassSchema.nullable().optional(),
  /** Plugin name → that plugin's configuration. */
  pluginFilters: z.record(z.string(), z.unknown()).optional(),
});
/** Lavalink's filters object as a client PATCHes it (all optional; omitted or null = off). */
export type Filters = z.infer<typeof filtersSchema>;

/** The built-in filter names, as `/v4/info` lists them. */
export const FILTER_NAMES = [
  'volume',
  'equalizer',
  'karaoke',
  'timescale',
  'tremolo',
  'vibrato',
  'distortion',
  'rotation',
  'channelMix',
  'lowPass',
] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

/** Names of the built-in filters `filters` sets (present and not null). */
export function activeFilterNames(filters: Filters): FilterName[] {
  return FILTER_NAMES.filter((name) => filters[name] !== undefined && filters[name] !== null);
}
