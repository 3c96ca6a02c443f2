import { and, eq, inArray } from 'drizzle-orm';
import { type TokenCipher, TokenUnreadable } from '../../api/index.ts';
import type { Database } from '../../db/index.ts';
import { historyLinks } from '../schema.ts';

/** The services voice listens are scrobbled to. */
export const SCROBBLE_SERVICES = ['listenbrainz', 'lastfm'] as const;
export type ScrobbleTarget = (typeof SCROBBLE_SERVICES)[number];

/** Where a link's token is stored: the cipher binds it to this row and column. */
const tokenContext = (userId: string, service: string) => `history-link:${userId}:${service}:access`;

/** A healthy link with its token opened (LB user token, Last.fm session key). */
export interface OpenScrobbleLink {
  userId: string;
  service: ScrobbleTarget;
  externalName: string | null;
  token: string;
}

/**
 * The ListenBrainz and Last.fm rows of `historyLinks`: saved with the token sealed (linking
 * again replaces the token and makes the link healthy), read back opened for the sender, and
 * marked `needs-relink` when the service refuses the token.
 */
export class ScrobbleLinks {
  constructor(
    private readonly database: Database,
    private readonly cipher: TokenCipher,
  ) {}

  async save(userId: string, service: ScrobbleTarget, externalName: string, token: string): Promise<void> {
    const values = {
      externalName,
      accessToken: this.cipher.seal(token, tokenContext(userId, service)),
      linkedAt: new Date(),
      state: 'healthy',
      stateReason: null,
      relinkNoticeAt: null,
      consecutiveFailures: 0,
      breakerOpenUntil: null,
      updatedAt: new Date(),
    };
    await this.database.db
      .insert(historyLinks)
      .values({ userId, service, ...values })
      .onConflictDoUpdate({ target: [historyLinks.userId, historyLinks.service], set: values });
  }

  /** The healthy scrobbling links of these users (all of them when `userIds` is omitted). */
  async healthy(userIds?: readonly string[]): Promise<OpenScrobbleLink[]> {
    if (userIds && userIds.length === 0) return [];
    const rows = await this.database.db
      .select()
      .from(historyLinks)
      .where(
        and(
          inArray(historyLinks.service, [...SCROBBLE_SERVICES]),
          eq(historyLinks.state, 'healthy'),
          userIds ? inArray(historyLinks.userId, [...userIds]) : undefined,
        ),
      );
    const opened: OpenScrobbleLink[] = [];
    for (const row of rows) {
      const service = row.service as ScrobbleTarget;
      try {
        const token = this.cipher.open(row.accessToken, tokenContext(row.userId, service)).value;
        opened.push({ userId: row.userId, service, externalName: row.externalName, token });
      } catch (error) {
        if (!(error instanceof TokenUnreadable)) throw error;
        // Another SECRET_KEY, or an altered row: only linking again gives a usable token.
        await this.markNeedsRelink(row.userId, service, 'the stored token could not be opened');
      }
    }
    return opened;
  }

  async markNeedsRelink(userId: string, service: ScrobbleTarget, reason: string): Promise<void> {
    await this.database.db
      .update(historyLinks)
      .set({ state: 'needs-relink', stateReason: reason, updatedAt: new Date() })
      .where(and(eq(historyLinks.userId, userId), eq(historyLinks.service, service)));
  }
}
