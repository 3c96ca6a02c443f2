import { describe, expect, it } from 'vitest';
import { windowOf } from './index.ts';

describe('analytics windows', () => {
  const now = new Date('2025-03-10T14:25:00Z');

  it('covers the current hour and the 23 before it for 1d, all from raw rows', () => {
    const window = windowOf('1d', now);
    expect(window.from).toEqual(new Date('2025-03-09T15:00:00Z'));
    expect(window.to).toEqual(now);
    // No whole day inside: the day range is empty and the raw gap too.
    expect(window.wholeDaysFrom).toBe(window.wholeDaysUntil);
    expect(window.rawGapFrom).toEqual(window.from);
    expect(window.rawGapUntil).toEqual(window.from);
  });

  it('serves the whole days of 7d from daily rollups, and the first partial day and today from raw rows', () => {
    const window = windowOf('7d', now);
    expect(window.from).toEqual(new Date('2025-03-03T15:00:00Z'));
    expect([window.wholeDaysFrom, window.wholeDaysUntil]).toEqual(['2025-03-04', '2025-03-10']);
    expect(window.rawGapFrom).toEqual(new Date('2025-03-04T00:00:00Z'));
    expect(window.rawGapUntil).toEqual(new Date('2025-03-10T00:00:00Z'));
  });

  it('starts 30d at midnight when the current hour is the last of the day', () => {
    const window = windowOf('30d', new Date('2025-03-10T23:59:59Z'));
    expect(window.from).toEqual(new Date('2025-02-09T00:00:00Z'));
    expect([window.wholeDaysFrom, window.wholeDaysUntil]).toEqual(['2025-02-09', '2025-03-10']);
  });

  it('has no start for all', () => {
    expect(windowOf('all', now).from).toBeNull();
  });
});
