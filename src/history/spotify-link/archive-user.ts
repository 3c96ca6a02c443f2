import { and, eq, isNull, ne, TransactionRollbackError } from 'drizzle-orm';
import type { Database } from '../../db/index.ts';
import type { ListenArchive } from '../listen-archive.ts';
import { historyLinks } from '../schema.ts';
import {
  recentPlayToListen,
  type SpotifyAccountClient,
  SpotifyNeedsRelinking,
  SpotifyRateLimited,
  SpotifyUnauthorized,
} from '../spotify/index.ts';
import { afterFailure, type BreakerSettings, mayPoll } from './breaker.ts';
import { SPOTIFY_SERVICE, type SpotifyLinkStore } from './link-store.ts';

/** What archiving one user needs. */
export interface SpotifyArchiverDeps {
  database: Pick<Database, 'db'>;
  store: SpotifyLinkStore;
  client: SpotifyAccountClient;
  archive: ListenArchive;
  breaker: BreakerSettings;
  now?: () => number;
}

/** What one user's round did; the job logs it and reschedules on `rate-limited`. */
export type ArchiveOutcome =
  | { kind: 'archived'; added: number; present: number; cursorMs: number | null }
  | { kind: 'skipped'; why: 'not-linked' | 'needs-relink' | 'breaker-open' | 'archived-this-round' }
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'needs-relink'; reason: string }
  | { kind: 'failed'; message: string; consecutiveFailures: number; breakerOpenUntil: Date | null };

/** Refresh when the access token expires within this long. */
const REFRESH_MARGIN_MS = 5 * 60_000;

const linkOf = (userId: string) =>
  and(eq(historyLinks.userId, userId), eq(historyLinks.service, SPOTIFY_SERVICE));

/**
 * One user's archival round: refresh the access token when it is about to expire (keeping a
 * rotated refresh token), page recently-played after the stored cursor, and store the listens
 * and the new cursor in ONE transaction — so a crash between the two can neither lose plays nor
 * store them twice. A 429 changes nothing (the job tries again after Retry-After); a dead
 * refresh token marks the link for re-linking; other failures count toward the breaker.
 */
export async function archiveSpotifyUser(
  deps: SpotifyArchiverDeps,
  userId: string,
  options: { roundStartMs?: number } = {},
): Promise<ArchiveOutcome> {
  const now = deps.now ?? Date.now;
  const link = await deps.store.open(userId);
  if (!link) return { kind: 'skipped', why: 'not-linked' };
  if (link.row.state === 'needs-relink') return { kind: 'skipped', why: 'needs-relink' };
  if (!mayPoll(link.row, now())) return { kind: 'skipped', why: 'breaker-open' };
  // A job delivered twice in one round (pg-boss forgets completed singletons after a while) polls once.
  const last = link.row.lastArchivedAt;
  if (options.roundStartMs !== undefined && last && last.getTime() >= options.roundStartMs)
    return { kind: 'skipped', why: 'archived-this-round' };
  const startCursor = link.row.cursorMs;
  try {
    let accessToken = link.accessToken;
    const refresh = async () => {
      if (!link.refreshToken) throw new SpotifyNeedsRelinking('no refresh token stored');
      const tokens = await deps.client.refresh(link.refreshToken);
      await deps.store.saveTokens(userId, tokens);
      link.refreshToken = tokens.refreshToken;
      accessToken = tokens.accessToken;
    };
    const expiresAt = link.row.accessExpiresAt;
    if (!expiresAt || expiresAt.getTime() - REFRESH_MARGIN_MS <= now()) await refresh();
    let played: Awaited<ReturnType<SpotifyAccountClient['recentlyPlayed']>>;
    try {
      played = await deps.client.recentlyPlayed(accessToken, { after: startCursor });
    } catch (error) {
      // Revoked or expired early: one refresh, one more try.
      if (!(error instanceof SpotifyUnauthorized)) throw error;
      await refresh();
      played = await deps.client.recentlyPlayed(accessToken, { after: startCursor });
    }
    const listens = played.plays.map((play) => recentPlayToListen(userId, play));
    return await deps.database.db.transaction(async (tx) => {
      const stored = await deps.archive.storeWithin(tx, listens);
      const moved = await tx
        .update(historyLinks)
        .set({
          cursorMs: played.cursor,
          lastArchivedAt: new Date(now()),
          state: 'healthy',
          stateReason: null,
          consecutiveFailures: 0,
          breakerOpenUntil: null,
          updatedAt: new Date(now()),
        })
        .where(
          and(
            linkOf(userId),
            // Only from the cursor this round read: a concurrent run (or an unlink) wins.
            startCursor === null ? isNull(historyLinks.cursorMs) : eq(historyLinks.cursorMs, startCursor),
          ),
        )
        .returning({ userId: historyLinks.userId });
      if (moved.length === 0) tx.rollback();
      return { kind: 'archived' as const, ...stored, cursorMs: played.cursor };
    });
  } catch (error) {
    if (error instanceof SpotifyRateLimited)
      return { kind: 'rate-limited', retryAfterMs: error.retryAfterMs };
    if (error instanceof SpotifyNeedsRelinking) {
      await deps.database.db
        .update(historyLinks)
        .set({ state: 'needs-relink', stateReason: error.reason, updatedAt: new Date(now()) })
        .where(and(linkOf(userId), ne(historyLinks.state, 'needs-relink')));
      return { kind: 'needs-relink', reason: error.reason };
    }
    // The link moved on (unlinked, or another run advanced it): nothing of this round is kept.
    if (error instanceof TransactionRollbackError) return { kind: 'skipped', why: 'not-linked' };
    const message = error instanceof Error ? error.message : String(error);
    const next = afterFailure(link.row.consecutiveFailures, deps.breaker, now());
    await deps.database.db
      .update(historyLinks)
      .set({
        ...next,
        state: next.breakerOpenUntil ? 'paused' : link.row.state,
        stateReason: next.breakerOpenUntil ? message : link.row.stateReason,
        updatedAt: new Date(now()),
      })
      .where(linkOf(userId));
    return { kind: 'failed', message, ...next };
  }
}
