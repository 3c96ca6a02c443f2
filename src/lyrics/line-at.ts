import type { LyricLine } from './contract.ts';

// Plain (no packages, not even zod): the dashboard imports it as a value, so the panel and
// /lyrics agree on which line is being sung.

/**
 * The index of the line being sung at `positionMs` (the last one that started), or -1 before
 * the first. `lines` are sorted by time, as the LRC parser returns them.
 */
export function lineIndexAt(lines: readonly LyricLine[], positionMs: number): number {
  let low = 0;
  let high = lines.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((lines[middle]?.timeMs ?? Number.POSITIVE_INFINITY) <= positionMs) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
