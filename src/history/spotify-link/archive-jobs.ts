import { createHash } from 'node:crypto';
import { and, eq, isNull, lte, ne, or } from 'drizzle-orm';
import { z } from 'zod';
import type { CapabilityContext, JobDefinition } from '../../capability/index.ts';
import type { Database } from '../../db/index.ts';
import { ListenArchive } from '../listen-archive.ts';
import { historyLinks } from '../schema.ts';
import { type ArchiveOutcome, archiveSpotifyUser, type SpotifyArchiverDeps } from './archive-user.ts';
import { SPOTIFY_SERVICE } from './link-store.ts';
import { spotifyLinkServices } from './services.ts';

export const ARCHIVE_ROUND_JOB = 'history.archive-round';
export const ARCHIVE_USER_JOB = 'history.archive-user';

/** Users archived at once by one worker: Spotify's rate limit is per app, so keep it small. */
const USER_CONCURRENCY = 4;

export const archiveUserJobSchema = z.object({
  userId: z.string().min(1),
  /** The round (interval number since the epoch) that sent it. */
  round: z.number().int(),
  /** When the round began (ms): a user archived since then is not polled again. */
  roundStartMs: z.number().int().optional(),
  /** Set on a resend after a 429: how many so far. */
  retry: z.number().int().min(0).default(0),
});
export type ArchiveUserJob = z.input<typeof archiveUserJobSchema>;

/** The Spotify links a round polls: not waiting for a re-link, breaker closed or its cool-down over. */
export async function dueSpotifyUsers(database: Pick<Database, 'db'>, nowMs: number): Promise<string[]> {
  const rows = await database.db
    .select({ userId: historyLinks.userId })
    .from(historyLinks)
    .where(
      and(
        eq(historyLinks.service, SPOTIFY_SERVICE),
        ne(historyLinks.state, 'needs-relink'),
        or(isNull(historyLinks.breakerOpenUntil), lte(historyLinks.breakerOpenUntil, new Date(nowMs))),
      ),
    );
  return rows.map((row) => row.userId);
}

/** One user's place in a round: a fixed phase (hash of the id) so the polls spread over the interval. */
export interface PlannedArchive {
  data: ArchiveUserJob;
  singletonKey: string;
  startAfter: Date;
}

/**
 * The round's jobs. Each user's phase within the interval is the same every round (a hash of
 * the id modulo the interval), so the load is spread and each user is polled every interval;
 * the singleton key (user, round) keeps a user from being polled twice in one round however
 * often the round is planned.
 */
export function planRound(userIds: readonly string[], nowMs: number, intervalMs: number): PlannedArchive[] {
  const round = Math.floor(nowMs / intervalMs);
  const roundStart = round * intervalMs;
  return userIds.map((userId) => {
    const phase = createHash('sha256').update(userId).digest().readUInt32BE(0) % intervalMs;
    return {
      data: { userId, round, roundStartMs: roundStart, retry: 0 },
      singletonKey: `${userId}:${round}`,
      startAfter: new Date(Math.max(nowMs, roundStart + phase)),
    };
  });
}

/** Plans and sends a round; what it sent (deduplicated sends answer null ids and are not counted). */
export async function runArchiveRound(
  context: Pick<CapabilityContext, 'config' | 'database' | 'jobs'>,
  nowMs: number,
): Promise<{ due: number; sent: number }> {
  const intervalMs = context.config.SPOTIFY_POLL_MINUTES * 60_000;
  const planned = planRound(await dueSpotifyUsers(context.database, nowMs), nowMs, intervalMs);
  let sent = 0;
  for (const job of planned) {
    const id = await context.jobs.send(ARCHIVE_USER_JOB, job.data, {
      singletonKey: job.singletonKey,
      singletonSeconds: intervalMs / 1000,
      startAfter: job.startAfter,
    });
    if (id) sent += 1;
  }
  return { due: planned.length, sent };
}

/** The archiver of a process, built once (the archive's track id cache is worth keeping). */
const archivers = new WeakMap<object, SpotifyArchiverDeps | null>();
function archiverOf(context: CapabilityContext): SpotifyArchiverDeps | null {
  if (!archivers.has(context)) {
    const { store, client } = spotifyLinkServices(context);
    archivers.set(
      context,
      client && {
        database: context.database,
        store,
        client,
        archive: new ListenArchive(context.database),
        breaker: {
          failures: context.config.HISTORY_BREAKER_FAILURES,
          cooldownMs: context.config.HISTORY_BREAKER_COOLDOWN_MINUTES * 60_000,
        },
      },
    );
  }
  return archivers.get(context) ?? null;
}

/**
 * Runs one user's archive job with `deps`; on a 429 sends itself again after Retry-After
 * (nothing skipped: the cursor did not move).
 */
export async function runArchiveUserJob(
  deps: SpotifyArchiverDeps,
  jobs: CapabilityContext['jobs'],
  data: z.output<typeof archiveUserJobSchema>,
): Promise<ArchiveOutcome> {
  const outcome = await archiveSpotifyUser(
    deps,
    data.userId,
    data.roundStartMs === undefined ? {} : { roundStartMs: data.roundStartMs },
  );
  if (outcome.kind === 'rate-limited') {
    await jobs.send(
      ARCHIVE_USER_JOB,
      { ...data, retry: data.retry + 1 },
      { startAfter: Math.ceil(outcome.retryAfterMs / 1000) },
    );
  }
  return outcome;
}

/**
 * The worker's part: every minute the round is planned (singleton keys make all but the
 * interval's first planning of a user a no-op, and a user whose breaker cooled down mid-round
 * is picked up within a minute); each user job archives one account.
 */
export const spotifyArchiveJobs: JobDefinition[] = [
  {
    name: ARCHIVE_ROUND_JOB,
    // Every minute; SPOTIFY_POLL_MINUTES decides the rounds (a schedule can't read the config).
    schedule: '* * * * *',
    options: { concurrency: 1 },
    run: async (context) => {
      if (!context.config.SPOTIFY_CLIENT_ID) return;
      const { due, sent } = await runArchiveRound(context, Date.now());
      if (sent > 0) context.logger.info({ due, sent }, 'Spotify archival round planned');
    },
  },
  {
    name: ARCHIVE_USER_JOB,
    options: { concurrency: USER_CONCURRENCY, schema: archiveUserJobSchema },
    run: async (context, data) => {
      const deps = archiverOf(context);
      if (!deps) return;
      const job = archiveUserJobSchema.parse(data);
      const outcome = await runArchiveUserJob(deps, context.jobs, job);
      const log = context.logger.child({ component: 'spotify-archive', userId: job.userId });
      if (outcome.kind === 'failed') log.warn({ outcome }, 'Spotify archival round failed');
      else log.debug({ outcome }, 'Spotify archival round');
    },
  },
];
