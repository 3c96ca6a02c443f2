import { FilterManager } from 'lavalink-client';

/**
 * Named filter presets, applied through lavalink-client's FilterManager so that a move to
 * another node carries them along. Only filters the built-in node and Lavalink both apply.
 */
export const filterPresets = {
  bassboost: (filters: FilterManager) => filters.setEQ(FilterManager.EQList.BassboostMedium),
  nightcore: (filters: FilterManager) => filters.toggleNightcore(),
  vaporwave: (filters: FilterManager) => filters.toggleVaporwave(),
  '8d': (filters: FilterManager) => filters.toggleRotation(0.2),
  karaoke: (filters: FilterManager) => filters.toggleKaraoke(),
  tremolo: (filters: FilterManager) => filters.toggleTremolo(),
  vibrato: (filters: FilterManager) => filters.toggleVibrato(),
  lowpass: (filters: FilterManager) => filters.toggleLowPass(),
} as const;

export type FilterPreset = keyof typeof filterPresets;
export const filterPresetNames = Object.keys(filterPresets) as FilterPreset[];

export function isFilterPreset(name: string): name is FilterPreset {
  return Object.hasOwn(filterPresets, name);
}

/** Clears every filter, then applies `preset` (null: none). */
export async function applyFilterPreset(filters: FilterManager, preset: FilterPreset | null): Promise<void> {
  await filters.resetFilters();
  if (preset) await filterPresets[preset](filters);
}
