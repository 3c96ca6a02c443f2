import type { MusicMessageKey } from './messages.ts';

/**
 * The bot's filter presets (src/music/filter-presets.ts, which the dashboard can't import: it
 * pulls in lavalink-client) with their labels. test/browser/music.test.ts checks the two agree.
 */
export const FILTER_PRESETS: readonly { name: string; label: MusicMessageKey }[] = [
  { name: 'bassboost', label: 'presetBassboost' },
  { name: 'nightcore', label: 'presetNightcore' },
  { name: 'vaporwave', label: 'presetVaporwave' },
  { name: '8d', label: 'preset8d' },
  { name: 'karaoke', label: 'presetKaraoke' },
  { name: 'tremolo', label: 'presetTremolo' },
  { name: 'vibrato', label: 'presetVibrato' },
  { name: 'lowpass', label: 'presetLowpass' },
];
