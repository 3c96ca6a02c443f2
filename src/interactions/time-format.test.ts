import { describe, expect, it } from 'vitest';
import { formatDuration, parseTime } from './time-format.ts';

describe('time formats', () => {
  it('formats durations as a clock', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65_400)).toBe('1:05');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });

  it('reads seconds, clocks and unit forms', () => {
    expect(parseTime('90')).toBe(90_000);
    expect(parseTime('1:30')).toBe(90_000);
    expect(parseTime('1:02:03')).toBe(3_723_000);
    expect(parseTime('2m5s')).toBe(125_000);
  });

  it('refuses what is not a time', () => {
    for (const bad of ['', 'abc', '1:75', '1:2:3:4', '-5']) expect(parseTime(bad)).toBeNull();
  });
});
