import { z } from 'zod';
import { analyticsRanges } from './window.ts';

/*
 * The analytics answer's wire shape. Browser-clean (zod, and window.ts's plain range list): the
 * dashboard imports its types from here.
 */

const count = z.number().int().min(0);
const hours = z
  .number()
  .min(0)
  .describe('Hours of audio played (milliseconds played / 3,600,000), 2 decimals');

/** What `GET /api/guilds/:guildId/analytics` answers; the CSV export holds the same figures. */
export const analyticsSummarySchema = z
  .object({
    guildId: z.string(),
    range: z.enum(analyticsRanges),
    from: z.iso.datetime().nullable().describe('First instant counted (null for all)'),
    to: z.iso.datetime().describe('When the figures were computed'),
    plays: count,
    listeningHours: hours,
    listeningMs: count.describe(
      'Milliseconds of audio heard, exactly: `listeningHours` rounds to 36 s, so short sessions read as 0 there',
    ),
    topTracks: z.array(
      z.object({
        title: z.string(),
        author: z.string(),
        uri: z.string().nullable(),
        sourceName: z.string(),
        identifier: z.string(),
        plays: count,
        listeningHours: hours,
      }),
    ),
    topArtists: z.array(z.object({ artist: z.string(), plays: count, listeningHours: hours })),
    topRequesters: z.array(
      z.object({
        userId: z.string(),
        name: z.string().nullable().describe('Known when the user logged in to the panel or used the bot'),
        plays: count,
        listeningHours: hours,
      }),
    ),
    busiestHours: z
      .array(z.object({ hour: z.number().int().min(0).max(23), plays: count, listeningHours: hours }))
      .describe('All 24 hours of the day, UTC, by when plays started'),
    members: z.object({
      tracked: z
        .boolean()
        .describe(
          'Whether joins and leaves are recorded (DISCORD_MEMBER_EVENTS, which needs the privileged Server Members intent); when false the figures are empty, not zero',
        ),
      current: count.nullable().describe('After the latest join or leave seen; null before any'),
      joins: count,
      leaves: count,
      granularity: z.enum(['day', 'month']).describe('month for range all, else day'),
      series: z
        .array(z.object({ date: z.iso.date(), memberCount: count, joins: count, leaves: count }))
        .describe(
          'Days (months: date is the 1st) with a join or leave, oldest first; memberCount after the last one',
        ),
    }),
    commands: z.array(z.object({ command: z.string(), uses: count })).describe('Most used first'),
  })
  .meta({ id: 'AnalyticsSummary' });

export type AnalyticsSummary = z.infer<typeof analyticsSummarySchema>;
