/**
 * The player's options as plain values, without zod: the schemas in contract.ts, the slash
 * commands and the dashboard (which must not ship zod) all list them from here.
 */

export const loopModes = ['off', 'track', 'queue'] as const;
export type LoopMode = (typeof loopModes)[number];

/** Named filter presets, in the order the commands and the dashboard offer them (filter-presets.ts applies them). */
export const filterPresetNames = [
  'bassboost',
  'nightcore',
  'vaporwave',
  '8d',
  'karaoke',
  'tremolo',
  'vibrato',
  'lowpass',
] as const;
export type FilterPreset = (typeof filterPresetNames)[number];
