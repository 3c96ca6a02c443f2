import { FilterManager } from 'lavalink-client';
import type { FilterPreset } from './player-options.ts';

/**
 * Named filter presets, applied through lavalink-client's FilterManager so that a move to
 * another node carries them along. Only filters the built-in node and Lavalink both apply.
 * The names are `filterPresetNames` (player-options.ts); each must have its filter here.
 */
const filterPresets = {
  bassboost: (filters) => filters.setEQ(FilterManager.EQList.BassboostMedium),
  nightcore: (filters) => filters.toggleNightcore(),
  vaporwave: (filters) => filters.toggleVaporwave(),
  '8d': (filters) => filters.toggleRotation(0.2),
  karaoke: (filters) => filters.toggleKaraoke(),
  tremolo: (filters) => filters.toggleTremolo(),
  vibrato: (filters) => filters.toggleVibrato(),
  lowpass: (filters) => filters.toggleLowPass(),
} as const satisfies Record<FilterPreset, (filters: FilterManager) => unknown>;

export function isFilterPreset(name: string): name is FilterPreset {
  return Object.hasOwn(filterPresets, name);
}

/** Clears every filter, then applies `preset` (null: none). */
export async function applyFilterPreset(filters: FilterManager, preset: FilterPreset | null): Promise<void> {
  await filters.resetFilters();
  if (preset) await filterPresets[preset](filters);
}
