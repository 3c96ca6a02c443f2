import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/index.ts';
import type { Transaction } from '../catalogue-writer.ts';
import { historyLinkAttempts, historyLinks } from '../schema.ts';

/** The service name of Spotify links in `history_links` and `history_link_attempts`. */
export const SPOTIFY_SERVICE = 'spotify';
/** How long a started link may wait for its callback. */
export const LINK_ATTEMPT_TTL_MS = 10 * 60_000;

/** Seals and opens a stored token bound to a place (the panel's TokenCipher has this shape). */
export interface Sealer {
  seal(plain: string, context: string): string;
  open(stored: string, context: string): { value: string };
}

/** Where a link's token is stored: the cipher binds it to the user, service and column. */
export const linkTokenContext = (userId: string, service: string, column: 'access' | 'refresh') =>
  `history-link:${userId}:${service}:${column}`;

/** Why a callback's state is refused; each is a `link_error` code on the redirect. */
export type AttemptRefusal = 'unknown_state' | 'expired_state' | 'state_used';

export type LinkRow = typeof historyLinks.$inferSelect;

/** Spotify tokens opened from a link row. */
export interface OpenedLink {
  row: LinkRow;
  accessToken: string;
  refreshToken: string | null;
}

/**
 * The Spotify link rows: pending attempts (single-use state + sealed PKCE verifier) and the
 * links themselves with their sealed tokens. Every token goes through `sealer` bound to its row.
 */
export class SpotifyLinkStore {
  constructor(
    private readonly database: Pick<Database, 'db'>,
    private readonly sealer: Sealer,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new attempt for `userId`: its random state (sent to Spotify) and the verifier sealed to it. */
  async createAttempt(userId: string, state: string, verifier: string): Promise<void> {
    await this.database.db.insert(historyLinkAttempts).values({
      state,
      userId,
      service: SPOTIFY_SERVICE,
      codeVerifier: this.sealer.seal(verifier, `history-link-attempt:${state}`),
      expiresAt: new Date(this.now() + LINK_ATTEMPT_TTL_MS),
    });
  }

  /**
   * Takes the attempt for good (marks it used in the same transaction as the check), whatever
   * comes next: a replayed callback then finds it used. The verifier, or why it was refused.
   */
  async consumeAttempt(
    userId: string,
    state: string,
  ): Promise<{ verifier: string } | { refused: AttemptRefusal }> {
    return this.database.db.transaction(async (tx) => {
      const [attempt] = await tx
        .select()
        .from(historyLinkAttempts)
        .where(eq(historyLinkAttempts.state, state))
        .for('update');
      // Another user's state is treated as unknown: nothing about it is revealed.
      if (!attempt || attempt.userId !== userId || attempt.service !== SPOTIFY_SERVICE)
        return { refused: 'unknown_state' as const };
      if (attempt.usedAt) return { refused: 'state_used' as const };
      await tx
        .update(historyLinkAttempts)
        .set({ usedAt: new Date(this.now()) })
        .where(eq(historyLinkAttempts.state, state));
      if (attempt.expiresAt.getTime() <= this.now()) return { refused: 'expired_state' as const };
      if (!attempt.codeVerifier) return { refused: 'unknown_state' as const };
      return { verifier: this.sealer.open(attempt.codeVerifier, `history-link-attempt:${state}`).value };
    });
  }

  /** Stores (or replaces) the user's Spotify link: healthy, breaker closed, cursor kept if relinking. */
  async saveLink(
    userId: string,
    link: { externalName: string; accessToken: string; refreshToken: string; expiresAt: Date },
  ): Promise<void> {
    const now = new Date(this.now());
    const sealed = {
      externalName: link.externalName,
      accessToken: this.sealer.seal(link.accessToken, linkTokenContext(userId, SPOTIFY_SERVICE, 'access')),
      refreshToken: this.sealer.seal(link.refreshToken, linkTokenContext(userId, SPOTIFY_SERVICE, 'refresh')),
      accessExpiresAt: link.expiresAt,
      linkedAt: now,
      state: 'healthy',
      stateReason: null,
      relinkNoticeAt: null,
      consecutiveFailures: 0,
      breakerOpenUntil: null,
      updatedAt: now,
    };
    await this.database.db
      .insert(historyLinks)
      .values({ userId, service: SPOTIFY_SERVICE, ...sealed })
      .onConflictDoUpdate({ target: [historyLinks.userId, historyLinks.service], set: sealed });
  }

  /** Opens a link's tokens (null when the user has no link). */
  async open(userId: string, tx?: Transaction): Promise<OpenedLink | null> {
    const [row] = await (tx ?? this.database.db)
      .select()
      .from(historyLinks)
      .where(and(eq(historyLinks.userId, userId), eq(historyLinks.service, SPOTIFY_SERVICE)));
    if (!row) return null;
    return {
      row,
      accessToken: this.sealer.open(row.accessToken, linkTokenContext(userId, SPOTIFY_SERVICE, 'access'))
        .value,
      refreshToken: row.refreshToken
        ? this.sealer.open(row.refreshToken, linkTokenContext(userId, SPOTIFY_SERVICE, 'refresh')).value
        : null,
    };
  }

  /** Keeps refreshed tokens (a rotated refresh token replaces the old one, which is dead). */
  async saveTokens(
    userId: string,
    tokens: { accessToken: string; refreshToken: string; expiresAt: Date },
  ): Promise<void> {
    await this.database.db
      .update(historyLinks)
      .set({
        accessToken: this.sealer.seal(
          tokens.accessToken,
          linkTokenContext(userId, SPOTIFY_SERVICE, 'access'),
        ),
        refreshToken: this.sealer.seal(
          tokens.refreshToken,
          linkTokenContext(userId, SPOTIFY_SERVICE, 'refresh'),
        ),
        accessExpiresAt: tokens.expiresAt,
        updatedAt: new Date(this.now()),
      })
      .where(and(eq(historyLinks.userId, userId), eq(historyLinks.service, SPOTIFY_SERVICE)));
  }

  /** Every link of the user, any service (the panel's list). */
  async list(userId: string): Promise<LinkRow[]> {
    return this.database.db.select().from(historyLinks).where(eq(historyLinks.userId, userId));
  }

  /** Deletes the link (its tokens with it). Whether there was one. */
  async unlink(userId: string, service: string): Promise<boolean> {
    const gone = await this.database.db
      .delete(historyLinks)
      .where(and(eq(historyLinks.userId, userId), eq(historyLinks.service, service)))
      .returning({ userId: historyLinks.userId });
    return gone.length > 0;
  }

  /** Closes the breaker by hand (see {@link resetLinkBreaker}). Whether there was a link. */
  resetBreaker(userId: string, service: string): Promise<boolean> {
    return resetLinkBreaker(this.database, userId, service, this.now());
  }
}

/**
 * Closes a link's breaker by hand: failures to 0, no cool-down; a `paused` link becomes
 * `healthy` (a `needs-relink` one stays: only linking again helps). Whether there was a link.
 * The panel's reset route and `gramophone history reset-breaker` both use it.
 */
export async function resetLinkBreaker(
  database: Pick<Database, 'db'>,
  userId: string,
  service: string,
  nowMs: number = Date.now(),
): Promise<boolean> {
  const done = await database.db
    .update(historyLinks)
    .set({
      consecutiveFailures: 0,
      breakerOpenUntil: null,
      state: sql`case when ${historyLinks.state} = 'paused' then 'healthy' else ${historyLinks.state} end`,
      stateReason: sql`case when ${historyLinks.state} = 'paused' then null else ${historyLinks.stateReason} end`,
      updatedAt: new Date(nowMs),
    })
    .where(and(eq(historyLinks.userId, userId), eq(historyLinks.service, service)))
    .returning({ userId: historyLinks.userId });
  return done.length > 0;
}
