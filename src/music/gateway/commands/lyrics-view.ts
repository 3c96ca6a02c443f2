import { remoteText } from '../../../interactions/index.ts';
import { type Lyrics, lineIndexAt } from '../../../lyrics/index.ts';

type Translate = (key: 'lyrics.more', params: { count: number }) => string;

/** Discord embeds hold 4096 characters of description; some are kept for the "…and N more" line. */
const TEXT_BUDGET = 4096 - 80;
/** Synced lyrics show the lines around the one being sung: two before it, and a dozen after. */
const LINES_BEFORE = 2;
const SYNCED_WINDOW = 14;

/** As many of `lines` as fit the embed, cut between lines (a single huge line is cut itself). */
function fitting(lines: readonly string[]): string[] {
  const shown: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > TEXT_BUDGET) break;
    shown.push(line);
    used += line.length + 1;
  }
  if (shown.length === 0 && lines[0] !== undefined) shown.push(`${lines[0].slice(0, TEXT_BUDGET - 1)}…`);
  return shown;
}

/** The shown lines, and a last line counting those left out, so a cut reads as a cut. */
function withRest(shown: readonly string[], left: number, t: Translate): string {
  return left > 0 ? `${shown.join('\n')}\n*${t('lyrics.more', { count: left })}*` : shown.join('\n');
}

/**
 * The embed's text: with synced lyrics, the lines around `positionMs`, the one being sung in
 * bold behind a ▶ (a break between lines shows as ♪); otherwise the plain text from the top.
 * The words are the provider's: escaped, never markdown.
 */
export function lyricsText(lyrics: Lyrics, positionMs: number, t: Translate): string {
  if (lyrics.synced && lyrics.synced.length > 0) {
    const current = lineIndexAt(lyrics.synced, positionMs);
    const start = Math.max(0, current - LINES_BEFORE);
    const window = lyrics.synced.slice(start, start + SYNCED_WINDOW).map((line, offset) => {
      const words = line.text === '' ? '♪' : remoteText(line.text);
      return start + offset === current ? `**▶ ${words}**` : words;
    });
    const shown = fitting(window);
    return withRest(shown, lyrics.synced.length - start - shown.length, t);
  }
  const lines = lyrics.text.split('\n').map((line) => remoteText(line));
  const shown = fitting(lines);
  return withRest(shown, lines.length - shown.length, t);
}
