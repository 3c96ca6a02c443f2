import { sql } from 'drizzle-orm';
import type { Database } from '../db/index.ts';
import { musicTables } from '../music/index.ts';
import { addCounters, type Counter, lockGuildAnalytics, trackKey } from './counters.ts';
import {
  type CommandUseInput,
  commandUseInputSchema,
  type MemberEventInput,
  memberEventInputSchema,
  type PlayEvent,
  type PlayEventInput,
  playEventInputSchema,
} from './inputs.ts';
import { analyticsMemberDaily, commandUses, memberEvents } from './schema.ts';
import { dayOf } from './window.ts';

const { playEvents } = musicTables;

/**
 * Records plays. `record` inserts the raw `play_events` row and adds the play to its counters
 * (track, artist, requester, hour of day; all time and every window it falls in) in one
 * transaction, so the figures never disagree with the raw rows. The music bot calls it when a
 * play ends.
 */
export class PlayEventRecorder {
  constructor(private readonly database: Pick<Database, 'db'>) {}

  /** Validates the play (throws a ZodError naming bad fields) and records it. */
  async record(input: PlayEventInput): Promise<void> {
    const play = playEventInputSchema.parse(input);
    const { info, requesterId } = play.track;
    await this.database.db.transaction(async (tx) => {
      await lockGuildAnalytics(tx, play.guildId);
      await tx.insert(playEvents).values({
        guildId: play.guildId,
        trackTitle: info.title,
        trackAuthor: info.author,
        trackUri: info.uri,
        trackIdentifier: info.identifier,
        sourceName: info.sourceName,
        trackLengthMs: info.length,
        requesterId,
        listenerIds: play.listenerIds,
        listenerCount: play.listenerCount ?? play.listenerIds.length,
        startedAt: play.startedAt,
        endedAt: play.endedAt,
        msPlayed: play.msPlayed,
        endReason: play.endReason,
      });
      await addCounters(tx, play.guildId, play.startedAt, playCounters(play));
    });
  }
}

/** The track, artist and (when someone asked) requester counters of one play. */
function playCounters(play: PlayEvent): Counter[] {
  const { info, requesterId } = play.track;
  const ms = play.msPlayed;
  const counters: Counter[] = [
    {
      dimension: 'track',
      key: trackKey(info.sourceName, info.identifier),
      count: 1,
      ms,
      label: { title: info.title, author: info.author, uri: info.uri },
    },
    { dimension: 'artist', key: info.author, count: 1, ms, label: null },
    { dimension: 'hour', key: String(play.startedAt.getUTCHours()), count: 1, ms, label: null },
  ];
  if (requesterId) counters.push({ dimension: 'requester', key: requesterId, count: 1, ms, label: null });
  return counters;
}

/**
 * Records what happens around the music: members joining and leaving (with the member count
 * after each; to the daily rollup) and slash commands used (to the counters). Each in one
 * transaction with its raw row.
 */
export class GuildActivityRecorder {
  constructor(private readonly database: Pick<Database, 'db'>) {}

  async recordMemberEvent(input: MemberEventInput): Promise<void> {
    const event = memberEventInputSchema.parse(input);
    const join = event.kind === 'join' ? 1 : 0;
    await this.database.db.transaction(async (tx) => {
      await lockGuildAnalytics(tx, event.guildId);
      await tx.insert(memberEvents).values(event);
      await tx
        .insert(analyticsMemberDaily)
        .values({
          guildId: event.guildId,
          day: dayOf(event.at),
          joins: join,
          leaves: 1 - join,
          memberCount: event.memberCount,
          lastEventAt: event.at,
        })
        .onConflictDoUpdate({
          target: [analyticsMemberDaily.guildId, analyticsMemberDaily.day],
          // Events may arrive out of order: the day's count is the one of its latest event.
          set: {
            joins: sql`${analyticsMemberDaily.joins} + excluded.joins`,
            leaves: sql`${analyticsMemberDaily.leaves} + excluded.leaves`,
            memberCount: sql`CASE WHEN excluded.last_event_at >= ${analyticsMemberDaily.lastEventAt}
              THEN excluded.member_count ELSE ${analyticsMemberDaily.memberCount} END`,
            lastEventAt: sql`greatest(${analyticsMemberDaily.lastEventAt}, excluded.last_event_at)`,
          },
        });
    });
  }

  async recordCommandUse(input: CommandUseInput): Promise<void> {
    const use = commandUseInputSchema.parse(input);
    const counter: Counter = { dimension: 'command', key: use.command, count: 1, ms: 0, label: null };
    await this.database.db.transaction(async (tx) => {
      await lockGuildAnalytics(tx, use.guildId);
      await tx.insert(commandUses).values(use);
      await addCounters(tx, use.guildId, use.at, [counter]);
    });
  }
}
