export const analyticsRanges = ['1d', '7d', '30d', 'all'] as const;
export type AnalyticsRange = (typeof analyticsRanges)[number];

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const RANGE_DAYS: Record<Exclude<AnalyticsRange, 'all'>, number> = { '1d': 1, '7d': 7, '30d': 30 };

/** How long a sliding range is. */
export function rangeLengthMs(range: Exclude<AnalyticsRange, 'all'>): number {
  return RANGE_DAYS[range] * DAY_MS;
}

/**
 * The stretch of time a summary covers, and how it splits between the rollups and the raw rows.
 *
 * `Nd` is the last N×24 clock hours: the current hour and the N×24−1 before it, UTC. Everything
 * that started at or after `from` counts. Hourly figures read `analytics_hourly` from `from`
 * on. Per-day rollups serve the whole UTC days inside the window (`[wholeDaysFrom,
 * wholeDaysUntil)`); the rest — the part of the first day after `from`, and today — comes from
 * the raw rows (`at >= from AND at < rawGapFrom`, or `at >= rawGapUntil`). That rest is always
 * 24 hours at most, so a window costs the same whatever the guild's history.
 */
export interface AnalyticsWindow {
  range: AnalyticsRange;
  /** First instant counted; null for `all`. */
  from: Date | null;
  /** When the summary was computed. */
  to: Date;
  /** Whole UTC days served by daily rollups, `YYYY-MM-DD`, upper bound excluded (empty when equal). */
  wholeDaysFrom: string;
  wholeDaysUntil: string;
  /** Raw rows count when `>= from and < rawGapFrom`, or `>= rawGapUntil`. */
  rawGapFrom: Date;
  rawGapUntil: Date;
}

/** The window of `range` ending at `now`. */
export function windowOf(range: AnalyticsRange, now: Date): AnalyticsWindow {
  const nowMs = now.getTime();
  if (range === 'all') {
    const epoch = new Date(0);
    return {
      range,
      from: null,
      to: now,
      wholeDaysFrom: dayOf(epoch),
      wholeDaysUntil: dayOf(epoch),
      rawGapFrom: epoch,
      rawGapUntil: epoch,
    };
  }
  const hourStart = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
  const from = hourStart - (RANGE_DAYS[range] * 24 - 1) * HOUR_MS;
  const firstWholeDay = Math.ceil(from / DAY_MS) * DAY_MS;
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  // No whole day inside (1d): an empty day range, and the raw rows cover all of it.
  const [gapFrom, gapUntil] = firstWholeDay < today ? [firstWholeDay, today] : [from, from];
  return {
    range,
    from: new Date(from),
    to: now,
    wholeDaysFrom: dayOf(new Date(gapFrom)),
    wholeDaysUntil: dayOf(new Date(gapUntil)),
    rawGapFrom: new Date(gapFrom),
    rawGapUntil: new Date(gapUntil),
  };
}

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}
