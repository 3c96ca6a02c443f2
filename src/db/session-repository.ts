import { and, desc, eq, gt, lt } from 'drizzle-orm';
import type { Db } from './client.ts';
import { oauthLoginAttempts, sessions, users } from './schema.ts';

/** A control panel session as stored (the cookie's secret is only known by its hash). */
export type SessionRow = typeof sessions.$inferSelect;
export type NewSession = typeof sessions.$inferInsert;

/** The Discord profile fields the panel keeps for a user. */
export interface UserProfile {
  id: string;
  username: string;
  globalName: string | null;
  avatar: string | null;
  locale: string | null;
}

/** Panel users, their sessions and the OAuth2 logins in progress. */
export class SessionRepository {
  constructor(private readonly db: Db) {}

  /** Records (or refreshes) a user's Discord profile. */
  async upsertUser(user: UserProfile): Promise<void> {
    const { id, ...profile } = user;
    await this.db
      .insert(users)
      .values(user)
      .onConflictDoUpdate({ target: users.id, set: { ...profile, updatedAt: new Date() } });
  }

  /** A user's profile and the language they chose in the panel (null until they choose). */
  async findUser(id: string): Promise<(UserProfile & { panelLocale: string | null }) | undefined> {
    const [row] = await this.db.select().from(users).where(eq(users.id, id));
    return row
      ? {
          id: row.id,
          username: row.username,
          globalName: row.globalName,
          avatar: row.avatar,
          locale: row.locale,
          panelLocale: row.panelLocale,
        }
      : undefined;
  }

  /** Records the panel language a user chose; false when the user is unknown. */
  async setPanelLocale(id: string, panelLocale: string): Promise<boolean> {
    const updated = await this.db
      .update(users)
      .set({ panelLocale, updatedAt: new Date() })
      .where(eq(users.id, id))
      .returning({ id: users.id });
    return updated.length > 0;
  }

  async createSession(session: NewSession): Promise<void> {
    await this.db.insert(sessions).values(session);
  }

  /** The live (unexpired) session whose cookie secret hashes to `tokenHash`. */
  async findLiveByTokenHash(tokenHash: string, now: Date): Promise<SessionRow | undefined> {
    const [row] = await this.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)));
    return row;
  }

  async findById(id: string): Promise<SessionRow | undefined> {
    const [row] = await this.db.select().from(sessions).where(eq(sessions.id, id));
    return row;
  }

  /** A user's live sessions, most recently used first. */
  async listForUser(userId: string, now: Date): Promise<SessionRow[]> {
    return this.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
      .orderBy(desc(sessions.lastSeenAt));
  }

  async touch(id: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
    await this.db.update(sessions).set({ lastSeenAt, expiresAt }).where(eq(sessions.id, id));
  }

  /** Stores a session's Discord tokens as given (the caller seals them first). */
  async updateDiscordTokens(
    id: string,
    tokens: { accessToken: string; refreshToken: string | null; expiresAt: Date },
  ): Promise<void> {
    await this.db
      .update(sessions)
      .set({
        discordAccessToken: tokens.accessToken,
        discordRefreshToken: tokens.refreshToken,
        discordTokenExpiresAt: tokens.expiresAt,
      })
      .where(eq(sessions.id, id));
  }

  /**
   * Deletes one of the user's sessions and returns it (its Discord tokens are to be revoked);
   * undefined when it isn't theirs or doesn't exist.
   */
  async deleteForUser(userId: string, id: string): Promise<SessionRow | undefined> {
    const [deleted] = await this.db
      .delete(sessions)
      .where(and(eq(sessions.id, id), eq(sessions.userId, userId)))
      .returning();
    return deleted;
  }

  async deleteExpired(now: Date): Promise<void> {
    await this.db.delete(sessions).where(lt(sessions.expiresAt, now));
    await this.db.delete(oauthLoginAttempts).where(lt(oauthLoginAttempts.expiresAt, now));
  }

  async createLoginAttempt(attempt: {
    stateHash: string;
    codeVerifier: string;
    expiresAt: Date;
  }): Promise<void> {
    await this.db.insert(oauthLoginAttempts).values(attempt);
  }

  /** Removes and returns a live login attempt: a state is good for one callback only. */
  async takeLoginAttempt(stateHash: string, now: Date): Promise<{ codeVerifier: string } | undefined> {
    const [row] = await this.db
      .delete(oauthLoginAttempts)
      .where(eq(oauthLoginAttempts.stateHash, stateHash))
      .returning();
    return row && row.expiresAt > now ? { codeVerifier: row.codeVerifier } : undefined;
  }
}
