import {
  type FilterPreset,
  filterPresetNames,
  type LoopMode,
  loopModes,
} from '../../../src/music/player-options.ts';
import type { MusicMessageKey } from './messages.ts';

/** A label for each of the bot's filter presets: a preset added to the bot needs one here. */
const PRESET_LABELS: Record<FilterPreset, MusicMessageKey> = {
  bassboost: 'presetBassboost',
  nightcore: 'presetNightcore',
  vaporwave: 'presetVaporwave',
  '8d': 'preset8d',
  karaoke: 'presetKaraoke',
  tremolo: 'presetTremolo',
  vibrato: 'presetVibrato',
  lowpass: 'presetLowpass',
};

const LOOP_LABELS: Record<LoopMode, MusicMessageKey> = {
  off: 'loopOff',
  track: 'loopTrack',
  queue: 'loopQueue',
};

/** The filter presets in the bot's order, with their labels. */
export const FILTER_PRESETS = filterPresetNames.map((name) => ({ name, label: PRESET_LABELS[name] }));

/** The loop modes in the bot's order, with their labels. */
export const LOOP_MODES = loopModes.map((mode) => ({ mode, label: LOOP_LABELS[mode] }));

export function isLoopMode(value: string): value is LoopMode {
  return Object.hasOwn(LOOP_LABELS, value);
}
