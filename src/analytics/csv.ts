import type { AnalyticsSummary } from './contract.ts';

export const CSV_COLUMNS = ['section', 'rank', 'key', 'name', 'metric', 'value'] as const;

type Cell = string | number | null;
type Row = [section: string, rank: Cell, key: Cell, name: Cell, metric: string, value: Cell];

/**
 * The summary as one long ("tidy") CSV table — `section,rank,key,name,metric,value`, one figure
 * a line — so a spreadsheet can pivot it and a script can filter it without knowing the layout:
 *
 *   window,,,,range,7d
 *   totals,,,,plays,1234
 *   top_tracks,1,youtube:dQw4w9WgXcQ,Rick Astley – Never Gonna Give You Up,plays,12
 *   busiest_hours,,21,21:00 UTC,plays,80
 *   members,,2024-05-01,day,member_count,412
 *   commands,1,play,play,uses,300
 *
 * RFC 4180 quoting, CRLF line ends, and a UTF-8 byte-order mark so Excel reads accents right.
 * Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a
 * leading apostrophe: track titles come from anyone's uploads.
 */
export function renderAnalyticsCsv(summary: AnalyticsSummary): string {
  const rows: Row[] = [
    ['window', null, null, null, 'guild_id', summary.guildId],
    ['window', null, null, null, 'range', summary.range],
    ['window', null, null, null, 'from', summary.from],
    ['window', null, null, null, 'to', summary.to],
    ['totals', null, null, null, 'plays', summary.plays],
    ['totals', null, null, null, 'listening_hours', summary.listeningHours],
    ['totals', null, null, null, 'member_count', summary.members.current],
    ['totals', null, null, null, 'joins', summary.members.joins],
    ['totals', null, null, null, 'leaves', summary.members.leaves],
  ];
  const ranked = (
    section: string,
    rank: number,
    key: string,
    name: string | null,
    plays: number,
    hours: number,
  ) => {
    rows.push(
      [section, rank, key, name, 'plays', plays],
      [section, rank, key, name, 'listening_hours', hours],
    );
  };
  summary.topTracks.forEach((t, i) => {
    ranked(
      'top_tracks',
      i + 1,
      `${t.sourceName}:${t.identifier}`,
      `${t.author} – ${t.title}`,
      t.plays,
      t.listeningHours,
    );
  });
  summary.topArtists.forEach((a, i) => {
    ranked('top_artists', i + 1, a.artist, a.artist, a.plays, a.listeningHours);
  });
  summary.topRequesters.forEach((r, i) => {
    ranked('top_requesters', i + 1, r.userId, r.name, r.plays, r.listeningHours);
  });
  for (const h of summary.busiestHours) {
    const name = `${String(h.hour).padStart(2, '0')}:00 UTC`;
    rows.push(
      ['busiest_hours', null, h.hour, name, 'plays', h.plays],
      ['busiest_hours', null, h.hour, name, 'listening_hours', h.listeningHours],
    );
  }
  const period = summary.members.granularity;
  for (const day of summary.members.series) {
    rows.push(
      ['members', null, day.date, period, 'member_count', day.memberCount],
      ['members', null, day.date, period, 'joins', day.joins],
      ['members', null, day.date, period, 'leaves', day.leaves],
    );
  }
  summary.commands.forEach((c, i) => {
    rows.push(['commands', i + 1, c.command, c.command, 'uses', c.uses]);
  });
  const lines = [CSV_COLUMNS.join(','), ...rows.map((row) => row.map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** One CSV field: numbers as they are, text quoted when needed and defused as a formula. */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
