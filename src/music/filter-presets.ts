import { type EQBand, FilterManager, type TimescaleFilter } from 'lavalink-client';
import { MusicError } from './music-error.ts';
import type { FilterPreset } from './player-options.ts';

/**
 * The player's sound filters: any number of named presets at once, plus speed and pitch.
 *
 * Each preset sets one Lavalink v4 filter field. Two presets that set the same field can't both
 * hold (nightcore and vaporwave are both a `timescale`), so turning one on turns the other off:
 * the later wins, as lavalink-client's toggles (and Lavamusic, built on them) behave. Speed and
 * pitch are the user's own timescale, multiplied onto a preset's (nightcore at speed 1.1 plays
 * at 1.29 × 1.1), so they combine with every preset.
 */
export interface FilterSet {
  /** Active presets, in the order they were turned on. */
  presets: FilterPreset[];
  /** Tempo factor without changing the pitch (1 = unchanged). */
  speed: number;
  /** Pitch factor without changing the tempo (1 = unchanged). */
  pitch: number;
}

export const noFilters: FilterSet = { presets: [], speed: 1, pitch: 1 };

/** The range `/filters speed|pitch` and the panel accept for speed and pitch. */
export const TIMESCALE_MIN = 0.5;
export const TIMESCALE_MAX = 2;

type LavalinkField = 'equalizer' | 'timescale' | 'rotation' | 'karaoke' | 'tremolo' | 'vibrato' | 'lowPass';

/** Each preset's Lavalink filter field and value; lavalink-client's toggles' defaults. */
const presetFilters = {
  bassboost: { field: 'equalizer', value: FilterManager.EQList.BassboostMedium },
  nightcore: {
    field: 'timescale',
    value: { speed: 1.289999523162842, pitch: 1.289999523162842, rate: 0.9365999523162842 },
  },
  vaporwave: { field: 'timescale', value: { speed: 0.8500000238418579, pitch: 0.800000011920929, rate: 1 } },
  '8d': { field: 'rotation', value: { rotationHz: 0.2 } },
  karaoke: { field: 'karaoke', value: { level: 1, monoLevel: 1, filterBand: 220, filterWidth: 100 } },
  tremolo: { field: 'tremolo', value: { frequency: 4, depth: 0.8 } },
  vibrato: { field: 'vibrato', value: { frequency: 10, depth: 1 } },
  lowpass: { field: 'lowPass', value: { smoothing: 20 } },
} as const satisfies Record<FilterPreset, { field: LavalinkField; value: unknown }>;

/** Values that switch a field off: lavalink-client leaves these out of what it sends. */
const neutral = {
  timescale: { speed: 1, pitch: 1, rate: 1 },
  rotation: { rotationHz: 0 },
  karaoke: { level: 0, monoLevel: 0, filterBand: 0, filterWidth: 0 },
  tremolo: { frequency: 0, depth: 0 },
  vibrato: { frequency: 0, depth: 0 },
  lowPass: { smoothing: 0 },
};

export function isFilterPreset(name: string): name is FilterPreset {
  return Object.hasOwn(presetFilters, name);
}

/**
 * Turns `preset` on, after the active presets; presets setting the same filter field are
 * turned off and returned as `replaced`.
 */
export function withPreset(
  set: FilterSet,
  preset: FilterPreset,
): { set: FilterSet; replaced: FilterPreset[] } {
  const field = presetFilters[preset].field;
  const replaced = set.presets.filter((p) => p !== preset && presetFilters[p].field === field);
  const presets = [...set.presets.filter((p) => p !== preset && !replaced.includes(p)), preset];
  return { set: { ...set, presets }, replaced };
}

/** Turns `preset` off when on, on (as `withPreset`) when off. */
export function togglePreset(
  set: FilterSet,
  preset: FilterPreset,
): { set: FilterSet; enabled: boolean; replaced: FilterPreset[] } {
  if (set.presets.includes(preset)) {
    return {
      set: { ...set, presets: set.presets.filter((p) => p !== preset) },
      enabled: false,
      replaced: [],
    };
  }
  return { ...withPreset(set, preset), enabled: true };
}

/** A set from presets in the order given (a later one wins a shared field), keeping `base`'s speed and pitch. */
export function presetsInOrder(names: readonly FilterPreset[], base: FilterSet = noFilters): FilterSet {
  let set: FilterSet = { ...base, presets: [] };
  for (const name of names) set = withPreset(set, name).set;
  return set;
}

/** The `filter` operation's fields (contract.ts). */
export interface FilterChange {
  preset?: string | null | undefined;
  presets?: string[] | undefined;
  toggle?: string | undefined;
  speed?: number | undefined;
  pitch?: number | undefined;
}

/**
 * The set after a `filter` operation: `preset` alone (legacy: one preset, speed and pitch back
 * to 1; null clears everything), else `presets` replaces the list, then `toggle` flips one, then
 * `speed` and `pitch`. Unknown preset names are refused (UNKNOWN_PRESET).
 */
export function filterSetAfter(
  current: FilterSet,
  change: FilterChange,
): { set: FilterSet; replaced: FilterPreset[] } {
  const known = (name: string): FilterPreset => {
    if (!isFilterPreset(name)) throw new MusicError('UNKNOWN_PRESET', { preset: name });
    return name;
  };
  const onlyPreset = change.presets === undefined && change.toggle === undefined;
  if (change.preset !== undefined && onlyPreset && change.speed === undefined && change.pitch === undefined) {
    return { set: change.preset === null ? noFilters : presetsInOrder([known(change.preset)]), replaced: [] };
  }
  let set = change.presets ? presetsInOrder(change.presets.map(known), current) : current;
  let replaced: FilterPreset[] = [];
  if (change.toggle !== undefined) ({ set, replaced } = togglePreset(set, known(change.toggle)));
  if (change.speed !== undefined) set = { ...set, speed: change.speed };
  if (change.pitch !== undefined) set = { ...set, pitch: change.pitch };
  return { set, replaced };
}

const num = (value: number) => Number(value.toFixed(3));

/**
 * The set as the `filter_preset` column keeps it: the presets and `speed=`/`pitch=` when not 1,
 * comma-separated (`nightcore,bassboost,speed=1.25`); null for no filters. A single preset name,
 * as earlier versions stored it, is the same text.
 */
export function formatFilterSet(set: FilterSet): string | null {
  const parts: string[] = [...set.presets];
  if (set.speed !== 1) parts.push(`speed=${num(set.speed)}`);
  if (set.pitch !== 1) parts.push(`pitch=${num(set.pitch)}`);
  return parts.length > 0 ? parts.join(',') : null;
}

/** Reads `formatFilterSet`'s text; what it doesn't know (a preset since removed) is left out. */
export function parseFilterSet(text: string | null): FilterSet {
  if (!text) return noFilters;
  let set: FilterSet = noFilters;
  for (const part of text.split(',')) {
    const [name = '', value] = part.trim().split('=');
    const factor = Number(value);
    const inRange = Number.isFinite(factor) && factor >= TIMESCALE_MIN && factor <= TIMESCALE_MAX;
    if ((name === 'speed' || name === 'pitch') && inRange) set = { ...set, [name]: factor };
    else if (value === undefined && isFilterPreset(name)) set = withPreset(set, name).set;
  }
  return set;
}

export interface LavalinkFilterFields {
  equalizer: EQBand[];
  timescale: TimescaleFilter;
  rotation: { rotationHz: number };
  karaoke: { level: number; monoLevel: number; filterBand: number; filterWidth: number };
  tremolo: { frequency: number; depth: number };
  vibrato: { frequency: number; depth: number };
  lowPass: { smoothing: number };
}

/** Every filter field the presets use, with the set's value or the neutral one. */
export function lavalinkFilterFields(set: FilterSet): LavalinkFilterFields {
  const fields: LavalinkFilterFields = { equalizer: [], ...structuredClone(neutral) };
  for (const preset of set.presets) {
    const { field, value } = presetFilters[preset];
    Object.assign(fields, { [field]: structuredClone(value) });
  }
  // The user's speed and pitch on top of a preset's timescale (or the neutral one).
  const t = fields.timescale;
  fields.timescale = {
    speed: (t.speed ?? 1) * set.speed,
    pitch: (t.pitch ?? 1) * set.pitch,
    rate: t.rate ?? 1,
  };
  return fields;
}

/**
 * Sends the whole set to the player's node in one update, through lavalink-client's
 * FilterManager (so a move to another node carries it along): every field the presets use is
 * set, to the set's value or to the neutral one the manager leaves out.
 */
export async function applyFilterSet(filters: FilterManager, set: FilterSet): Promise<void> {
  const { equalizer, ...fields } = lavalinkFilterFields(set);
  filters.data = { ...filters.data, ...fields };
  filters.equalizerBands = equalizer;
  // The manager's own flags, so its toggles (if anything ever calls them) start from the truth.
  filters.filters.nightcore = set.presets.includes('nightcore');
  filters.filters.vaporwave = set.presets.includes('vaporwave');
  filters.filters.custom = set.speed !== 1 || set.pitch !== 1;
  await filters.applyPlayerFilters();
}
