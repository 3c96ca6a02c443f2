import { describe, expect, it } from 'vitest';
import {
  filterSetAfter,
  formatFilterSet,
  lavalinkFilterFields,
  noFilters,
  parseFilterSet,
  togglePreset,
} from './filter-presets.ts';
import { MusicError } from './music-error.ts';

describe('combined filters', () => {
  it('keeps the other presets when one is toggled on or off', () => {
    const bass = togglePreset(noFilters, 'bassboost').set;
    const both = togglePreset(bass, 'nightcore');
    expect(both).toMatchObject({ enabled: true, replaced: [] });
    expect(both.set.presets).toEqual(['bassboost', 'nightcore']);
    const off = togglePreset(both.set, 'bassboost');
    expect(off).toMatchObject({ enabled: false, set: { presets: ['nightcore'] } });
  });

  it('lets the later preset win a filter both set, and says which it replaced', () => {
    const nightcore = togglePreset(noFilters, 'nightcore').set;
    const vaporwave = togglePreset({ ...nightcore, presets: [...nightcore.presets, 'karaoke'] }, 'vaporwave');
    expect(vaporwave.replaced).toEqual(['nightcore']);
    expect(vaporwave.set.presets).toEqual(['karaoke', 'vaporwave']);
    expect(lavalinkFilterFields(vaporwave.set).timescale).toEqual({
      speed: 0.8500000238418579,
      pitch: 0.800000011920929,
      rate: 1,
    });
    // A list given at once resolves the same way, in its order.
    expect(filterSetAfter(noFilters, { presets: ['vaporwave', 'nightcore'] }).set.presets).toEqual([
      'nightcore',
    ]);
  });

  it('sends every preset’s own filter field together', () => {
    const set = filterSetAfter(noFilters, { presets: ['bassboost', '8d', 'lowpass'] }).set;
    const fields = lavalinkFilterFields(set);
    expect(fields.equalizer.length).toBeGreaterThan(0);
    expect(fields.rotation).toEqual({ rotationHz: 0.2 });
    expect(fields.lowPass).toEqual({ smoothing: 20 });
    expect(fields.timescale).toEqual({ speed: 1, pitch: 1, rate: 1 });
    expect(fields.karaoke.level).toBe(0);
  });

  it('multiplies speed and pitch onto a preset’s timescale, and applies them alone', () => {
    const alone = filterSetAfter(noFilters, { speed: 1.5, pitch: 0.8 }).set;
    expect(lavalinkFilterFields(alone).timescale).toEqual({ speed: 1.5, pitch: 0.8, rate: 1 });
    const withNightcore = filterSetAfter(alone, { toggle: 'nightcore' }).set;
    const t = lavalinkFilterFields(withNightcore).timescale;
    expect(t.speed).toBeCloseTo(1.29 * 1.5, 4);
    expect(t.pitch).toBeCloseTo(1.29 * 0.8, 4);
    expect(t.rate).toBeCloseTo(0.9366, 4);
  });

  it('keeps the old single-preset call meaning "just this one" and null meaning "none"', () => {
    const busy = filterSetAfter(noFilters, { presets: ['bassboost', 'karaoke'], speed: 1.2 }).set;
    expect(filterSetAfter(busy, { preset: 'nightcore' }).set).toEqual({
      presets: ['nightcore'],
      speed: 1,
      pitch: 1,
    });
    expect(filterSetAfter(busy, { preset: null }).set).toEqual(noFilters);
  });

  it('refuses a preset it does not know by name', () => {
    expect(() => filterSetAfter(noFilters, { toggle: 'chipmunk' })).toThrow(MusicError);
    expect(() => filterSetAfter(noFilters, { presets: ['bassboost', 'x'] })).toThrow(/UNKNOWN_PRESET|x/);
  });

  it('stores the set as text that reads back the same, and reads what older versions stored', () => {
    const set = filterSetAfter(noFilters, {
      presets: ['nightcore', 'bassboost'],
      speed: 1.25,
      pitch: 0.9,
    }).set;
    const text = formatFilterSet(set);
    expect(text).toBe('nightcore,bassboost,speed=1.25,pitch=0.9');
    expect(parseFilterSet(text)).toEqual(set);
    expect(formatFilterSet(noFilters)).toBeNull();
    expect(parseFilterSet('vaporwave')).toEqual({ presets: ['vaporwave'], speed: 1, pitch: 1 });
    // A preset since removed, or a value out of range, is dropped rather than breaking the player.
    expect(parseFilterSet('echo,karaoke,speed=9')).toEqual({ presets: ['karaoke'], speed: 1, pitch: 1 });
  });
});
