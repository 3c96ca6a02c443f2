import { describe, expect, it } from 'vitest';
import { type AnalyticsSummary, CSV_COLUMNS, renderAnalyticsCsv } from './index.ts';

function aSummary(overrides: Partial<AnalyticsSummary> = {}): AnalyticsSummary {
  return {
    guildId: '300000000000000001',
    range: '7d',
    from: '2025-03-03T15:00:00.000Z',
    to: '2025-03-10T14:25:00.000Z',
    plays: 3,
    listeningHours: 0.25,
    listeningMs: 900_000,
    topTracks: [],
    topArtists: [],
    topRequesters: [],
    busiestHours: Array.from({ length: 24 }, (_, hour) => ({
      hour,
      plays: hour === 21 ? 3 : 0,
      listeningHours: 0,
    })),
    members: {
      tracked: true,
      current: 12,
      joins: 2,
      leaves: 1,
      granularity: 'day',
      series: [{ date: '2025-03-05', memberCount: 12, joins: 2, leaves: 1 }],
    },
    commands: [{ command: 'play', uses: 4 }],
    ...overrides,
  };
}

/** Splits the CSV the way a reader would (no embedded newlines in these fixtures). */
function lines(csv: string): string[] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  expect(csv.endsWith('\r\n')).toBe(true);
  return csv.slice(1, -2).split('\r\n');
}

describe('analytics CSV', () => {
  it('writes one figure a line under the header, every section of the summary included', () => {
    const rows = lines(renderAnalyticsCsv(aSummary()));
    expect(rows[0]).toBe(CSV_COLUMNS.join(','));
    expect(rows).toContain('window,,,,range,7d');
    expect(rows).toContain('totals,,,,plays,3');
    expect(rows).toContain('totals,,,,listening_hours,0.25');
    expect(rows).toContain('totals,,,,member_count,12');
    expect(rows).toContain('busiest_hours,,21,21:00 UTC,plays,3');
    expect(rows).toContain('busiest_hours,,3,03:00 UTC,plays,0');
    expect(rows).toContain('members,,2025-03-05,day,joins,2');
    expect(rows).toContain('commands,1,play,play,uses,4');
    expect(rows.filter((row) => row.startsWith('busiest_hours,'))).toHaveLength(48);
  });

  it('quotes commas and quotes, and defuses text a spreadsheet would run as a formula', () => {
    const rows = lines(
      renderAnalyticsCsv(
        aSummary({
          topTracks: [
            {
              title: '=HYPERLINK("http://evil.example","Click")',
              author: 'Crosby, Stills & Nash',
              uri: null,
              sourceName: 'youtube',
              identifier: 'abc',
              plays: 2,
              listeningHours: 0.1,
            },
          ],
          topArtists: [{ artist: '@everyone', plays: 2, listeningHours: 0.1 }],
          topRequesters: [{ userId: '400000000000000001', name: null, plays: 2, listeningHours: 0.1 }],
        }),
      ),
    );
    expect(rows).toContain(
      'top_tracks,1,youtube:abc,"Crosby, Stills & Nash – =HYPERLINK(""http://evil.example"",""Click"")",plays,2',
    );
    expect(rows).toContain("top_artists,1,'@everyone,'@everyone,listening_hours,0.1");
    expect(rows).toContain('top_requesters,1,400000000000000001,,plays,2');
    const formula = renderAnalyticsCsv(
      aSummary({ topArtists: [{ artist: '=1+1', plays: 1, listeningHours: 0 }] }),
    );
    expect(formula).toContain("'=1+1");
    expect(formula).not.toMatch(/,=1\+1/);
  });
});
