import type { LyricLine } from './contract.ts';

/** `[mm:ss]`, `[mm:ss.x]`..`[mm:ss.xxx]`; some files write `[mm:ss:xx]` for hundredths. */
const TIME_TAG = /^\[(\d{1,3}):(\d{1,2})(?:[.:](\d{1,3}))?\]/;
/** `[key:value]` header tags (ar, ti, al, by, length, offset, re, ve, …). */
const META_TAG = /^\[([a-z#]+):([^\]]*)\]\s*$/i;
/** Enhanced LRC's word timings inside a line: `<mm:ss.xx>`. */
const WORD_TAG = /<\d{1,3}:\d{1,2}(?:[.:]\d{1,3})?>/g;

export interface ParsedLrc {
  /** Timed lines sorted by time; lines with several timestamps appear once per timestamp. */
  lines: LyricLine[];
  /** The header tags other than `offset`, by lower-cased key (`ar`, `ti`, `al`, …). */
  tags: Record<string, string>;
}

function millisOf(minutes: string, seconds: string, fraction: string | undefined): number {
  // ".5" is half a second, ".05" five hundredths, ".005" five thousandths.
  const fractionMs = fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * 1000);
  return Number(minutes) * 60_000 + Number(seconds) * 1000 + fractionMs;
}

/**
 * Parses LRC text into timed lines. `[offset:+/-ms]` is applied (a positive offset shows the
 * lines sooner, as the format defines it); header tags are kept apart; word timings of enhanced
 * LRC are dropped; lines without a timestamp are ignored. Returns no lines for text that is not
 * LRC at all, so a caller can fall back to showing it as plain text.
 */
export function parseLrc(text: string): ParsedLrc {
  const timed: { timeMs: number; text: string; order: number }[] = [];
  const tags: Record<string, string> = {};
  let offsetMs = 0;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    let rest = rawLine.trim();
    const times: number[] = [];
    for (let match = TIME_TAG.exec(rest); match; match = TIME_TAG.exec(rest)) {
      times.push(millisOf(match[1]!, match[2]!, match[3]));
      rest = rest.slice(match[0].length).trimStart();
    }
    if (times.length === 0) {
      const meta = META_TAG.exec(rest);
      if (!meta) continue;
      const key = meta[1]!.toLowerCase();
      const value = meta[2]!.trim();
      if (key === 'offset') {
        const parsed = Number.parseInt(value, 10);
        if (Number.isFinite(parsed)) offsetMs = parsed;
      } else {
        tags[key] = value;
      }
      continue;
    }
    const words = rest.replace(WORD_TAG, '').replace(/\s+/g, ' ').trim();
    for (const timeMs of times) timed.push({ timeMs, text: words, order: timed.length });
  }
  timed.sort((a, b) => a.timeMs - b.timeMs || a.order - b.order);
  return {
    lines: timed.map(({ timeMs, text: line }) => ({ timeMs: Math.max(0, timeMs - offsetMs), text: line })),
    tags,
  };
}

/** The words of synced lines as plain text, instrumental breaks dropped. */
export function plainTextOf(lines: readonly LyricLine[]): string {
  return lines
    .map((line) => line.text)
    .filter((line) => line !== '')
    .join('\n');
}
