import type { Database } from '../db/index.ts';
import { AnalyticsQueries, type CountedKey, type FigureRow } from './analytics-queries.ts';
import type { AnalyticsSummary } from './contract.ts';
import { renderAnalyticsCsv } from './csv.ts';
import { SlidingWindows } from './sliding-windows.ts';
import { type AnalyticsRange, rangeLengthMs, windowOf } from './window.ts';

/** Entries in each top list. */
export const TOP_LIMIT = 10;
/** Commands listed (a bot has a few dozen). */
const COMMAND_LIMIT = 50;

const toHours = (ms: number) => Math.round(ms / 36_000) / 100;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/**
 * A guild's figures over a range: plays, hours played, top tracks, artists and requesters,
 * busiest hours of the day, members over time and command use. Reads counters kept per range
 * (see `SlidingWindows`), so a guild with millions of plays answers as fast as a new one.
 */
export class AnalyticsService {
  readonly #queries: AnalyticsQueries;
  readonly #windows: SlidingWindows;
  readonly #now: () => Date;

  readonly #memberEventsTracked: boolean;

  constructor(
    database: Pick<Database, 'db' | 'query'>,
    options: {
      now?: () => Date;
      /** DISCORD_MEMBER_EVENTS: joins and leaves are recorded (the privileged Server Members intent). */
      memberEventsTracked?: boolean;
    } = {},
  ) {
    this.#queries = new AnalyticsQueries(database);
    this.#windows = new SlidingWindows(database);
    this.#now = options.now ?? (() => new Date());
    this.#memberEventsTracked = options.memberEventsTracked ?? false;
  }

  async summary(guildId: string, range: AnalyticsRange): Promise<AnalyticsSummary> {
    const window = windowOf(range, this.#now());
    if (range !== 'all' && window.from) {
      await this.#windows.moveTo(guildId, range, window.from, rangeLengthMs(range));
    }
    const q = this.#queries;
    const [figures, memberDays, currentMembers] = await Promise.all([
      q.figures(guildId, range, TOP_LIMIT, COMMAND_LIMIT),
      q.memberDays(guildId, window),
      q.currentMemberCount(guildId),
    ]);
    const { hour: hours, track: tracks, artist: artists, requester: requesters, command: commands } = figures;
    const byHour = new Map(hours.map((row) => [Number(row.key), row]));
    // Each play is in exactly one hour of the day: their sum is every millisecond heard.
    const listeningMs = Math.round(sum(hours.map((row) => row.ms)));
    return {
      guildId,
      range,
      from: window.from?.toISOString() ?? null,
      to: window.to.toISOString(),
      plays: sum(hours.map((row) => row.count)),
      listeningHours: toHours(listeningMs),
      listeningMs,
      topTracks: tracks.map((row) => ({ ...trackOf(row), ...figuresOf(row) })),
      topArtists: artists.map((row) => ({ artist: row.key, ...figuresOf(row) })),
      topRequesters: requesters.map((row) => ({
        userId: row.key,
        name: row.name,
        ...figuresOf(row),
      })),
      busiestHours: Array.from({ length: 24 }, (_, hour) => {
        const row = byHour.get(hour);
        return { hour, plays: row?.count ?? 0, listeningHours: toHours(row?.ms ?? 0) };
      }),
      members: {
        tracked: this.#memberEventsTracked,
        current: currentMembers,
        joins: sum(memberDays.map((day) => day.joins)),
        leaves: sum(memberDays.map((day) => day.leaves)),
        granularity: window.from ? 'day' : 'month',
        series: memberDays.map(({ day, ...rest }) => ({ date: day, ...rest })),
      },
      commands: commands.map((row) => ({ command: row.key, uses: row.count })),
    };
  }

  /** The same figures as CSV (see `renderAnalyticsCsv`). */
  async csv(guildId: string, range: AnalyticsRange): Promise<string> {
    return renderAnalyticsCsv(await this.summary(guildId, range));
  }
}

function figuresOf(row: CountedKey) {
  return { plays: row.count, listeningHours: toHours(row.ms) };
}

function trackOf(row: FigureRow) {
  const separator = row.key.indexOf(':');
  return {
    title: row.label?.title ?? '',
    author: row.label?.author ?? '',
    uri: row.label?.uri ?? null,
    sourceName: row.key.slice(0, separator),
    identifier: row.key.slice(separator + 1),
  };
}
