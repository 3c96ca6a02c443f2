import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { SessionRepository, SessionRow, UserProfile } from '../../db/index.ts';
import type { PanelSession } from '../../http/index.ts';
import { ApiError } from '../errors.ts';
import {
  type DiscordOAuthClient,
  DiscordTokenRejected,
  type DiscordUserGuild,
} from './discord-oauth-client.ts';
import { type TokenCipher, TokenUnreadable } from './token-cipher.ts';

/** How long a session lives without use; every use (at most once a minute) extends it. */
export const SESSION_TTL_MS = 7 * 24 * 3600_000;
/** How long a started login may take before its state is forgotten. */
export const LOGIN_ATTEMPT_TTL_MS = 10 * 60_000;
const TOUCH_EVERY_MS = 60_000;
/** Refresh the Discord token this long before it expires, so a request never races the expiry. */
const TOKEN_REFRESH_MARGIN_MS = 60_000;

export type { PanelSession };

/** Why a login callback failed; the code travels to the dashboard as `/?login_error=<code>`. */
export class LoginFailed extends Error {
  constructor(
    readonly code: 'denied' | 'state_mismatch' | 'exchange_failed' | 'discord_unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'LoginFailed';
  }
}

/**
 * What became of a session's Discord authorization when it ended. Discord ends every token of
 * the user for this application when one is revoked, so it is only revoked with the user's
 * last live session: revoking earlier would cut their other browsers off Discord.
 */
export type DiscordRevocation =
  | { status: 'revoked' }
  | { status: 'kept'; otherSessions: number }
  | { status: 'failed'; reason: string };

/** Where a sealed token is stored: the cipher binds it there (see TokenCipher). */
const tokenContext = (sessionId: string, kind: 'access' | 'refresh') =>
  `sessions:${sessionId}:discord_${kind}_token`;

const hash = (secret: string) => createHash('sha256').update(secret).digest('base64url');
const secret = () => randomBytes(32).toString('base64url');

/**
 * Login with Discord (OAuth2 code flow, state + PKCE S256), sessions stored hashed in
 * PostgreSQL, and the user's Discord token kept fresh for the guild list — sealed with
 * `cipher` in the database, revoked at Discord when the user's last session ends.
 */
export class SessionService {
  constructor(
    private readonly repository: SessionRepository,
    private readonly discord: DiscordOAuthClient,
    private readonly cipher: TokenCipher,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Starts a login: returns the authorize URL and the state the browser must bring back. */
  async startLogin(): Promise<{ authorizeUrl: string; state: string }> {
    const state = secret();
    const codeVerifier = secret();
    const challenge = createHash('sha256').update(codeVerifier).digest('base64url');
    await this.repository.deleteExpired(this.now());
    await this.repository.createLoginAttempt({
      stateHash: hash(state),
      codeVerifier,
      expiresAt: new Date(this.now().getTime() + LOGIN_ATTEMPT_TTL_MS),
    });
    return { authorizeUrl: this.discord.authorizeUrl(state, challenge), state };
  }

  /**
   * Finishes a login: the state must match the one this browser started with (its cookie) and
   * a live attempt; then the code is exchanged, the user recorded and a session created.
   * Returns the cookie secret (shown once, stored only hashed).
   */
  async finishLogin(input: {
    code: string;
    state: string;
    browserState: string | undefined;
    userAgent: string | undefined;
  }): Promise<{ token: string; session: PanelSession }> {
    if (!input.browserState || !sameSecret(input.state, input.browserState)) {
      throw new LoginFailed('state_mismatch', 'The login state does not match this browser.');
    }
    const attempt = await this.repository.takeLoginAttempt(hash(input.state), this.now());
    if (!attempt) throw new LoginFailed('state_mismatch', 'The login expired or was already used.');
    let tokens: Awaited<ReturnType<DiscordOAuthClient['exchangeCode']>>;
    let user: Awaited<ReturnType<DiscordOAuthClient['currentUser']>>;
    try {
      tokens = await this.discord.exchangeCode(input.code, attempt.codeVerifier);
      user = await this.discord.currentUser(tokens.accessToken);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'DISCORD_UNAVAILABLE') {
        throw new LoginFailed('discord_unavailable', error.message);
      }
      throw new LoginFailed('exchange_failed', 'Discord refused the login code.');
    }
    await this.repository.upsertUser({
      id: user.id,
      username: user.username,
      globalName: user.global_name ?? null,
      avatar: user.avatar ?? null,
      locale: user.locale ?? null,
    });
    const token = secret();
    const now = this.now();
    const id = randomUUID();
    const sealed = this.#seal(id, tokens);
    const row = {
      id,
      tokenHash: hash(token),
      userId: user.id,
      csrfToken: secret(),
      userAgent: input.userAgent?.slice(0, 512) ?? null,
      discordAccessToken: sealed.accessToken,
      discordRefreshToken: sealed.refreshToken,
      discordTokenExpiresAt: tokens.expiresAt,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    };
    await this.repository.createSession(row);
    return { token, session: toPanelSession(row) };
  }

  /** The live session of a cookie secret, or null; extends it on use. */
  async authenticate(token: string | undefined): Promise<PanelSession | null> {
    if (!token) return null;
    const now = this.now();
    const row = await this.repository.findLiveByTokenHash(hash(token), now);
    if (!row) return null;
    if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      row.expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
      await this.repository.touch(row.id, now, row.expiresAt);
      return { ...toPanelSession(row), renewed: true };
    }
    return toPanelSession(row);
  }

  /** The guilds Discord lists for the session's user, refreshing its Discord token when due. */
  async discordGuilds(session: PanelSession): Promise<DiscordUserGuild[]> {
    return this.discord.currentUserGuilds(await this.#accessToken(session));
  }

  /** The session's user as last recorded from Discord, with the panel language they chose. */
  async user(session: PanelSession): Promise<UserProfile & { panelLocale: string | null }> {
    const user = await this.repository.findUser(session.userId);
    if (!user) throw new ApiError(401, 'UNAUTHENTICATED', 'The session’s user is gone; log in again.');
    return user;
  }

  /** Keeps the panel language in the user's profile (a login doesn't overwrite it). */
  async setPanelLocale(session: PanelSession, locale: string): Promise<void> {
    if (!(await this.repository.setPanelLocale(session.userId, locale))) {
      throw new ApiError(401, 'UNAUTHENTICATED', 'The session’s user is gone; log in again.');
    }
  }

  async list(session: PanelSession): Promise<(SessionRow & { current: boolean })[]> {
    const rows = await this.repository.listForUser(session.userId, this.now());
    return rows.map((row) => ({ ...row, current: row.id === session.id }));
  }

  /**
   * Ends one of the caller's sessions (their current one included): the row is deleted first,
   * whatever Discord says; then, when it was the user's last live session, its Discord token is
   * revoked. The revocation is best-effort: its outcome is returned for the caller to log.
   */
  async revoke(session: PanelSession, id: string): Promise<DiscordRevocation> {
    const row = await this.repository.deleteForUser(session.userId, id);
    if (!row) throw new ApiError(404, 'SESSION_NOT_FOUND', 'No such session of yours.');
    const others = await this.repository.listForUser(row.userId, this.now());
    if (others.length > 0) return { status: 'kept', otherSessions: others.length };
    try {
      const { accessToken, refreshToken } = this.#open(row);
      // Revoking either token ends both at Discord; the refresh token is the longer-lived one.
      if (refreshToken) await this.discord.revoke(refreshToken, 'refresh_token');
      else await this.discord.revoke(accessToken, 'access_token');
      return { status: 'revoked' };
    } catch (error) {
      return { status: 'failed', reason: (error as Error).message };
    }
  }

  async #accessToken(session: PanelSession): Promise<string> {
    const row = await this.repository.findById(session.id);
    if (!row) throw new ApiError(401, 'UNAUTHENTICATED', 'The session has ended; log in again.');
    let stored: { accessToken: string; refreshToken: string | null; legacy: boolean };
    try {
      stored = this.#open(row);
    } catch (error) {
      // Sealed with another key (SECRET_KEY changed, key file lost): only a new login helps.
      if (error instanceof TokenUnreadable) throw new DiscordTokenRejected();
      throw error;
    }
    if (row.discordTokenExpiresAt.getTime() - this.now().getTime() > TOKEN_REFRESH_MARGIN_MS) {
      // A row from before tokens were sealed is sealed as soon as it is read.
      if (stored.legacy) await this.#store(row.id, { ...stored, expiresAt: row.discordTokenExpiresAt });
      return stored.accessToken;
    }
    if (!stored.refreshToken) {
      throw new ApiError(401, 'DISCORD_TOKEN_EXPIRED', 'Discord’s login expired; log in again.');
    }
    const tokens = await this.discord.refresh(stored.refreshToken);
    // Discord rotates refresh tokens: keep the new one (or the old one if none came back).
    await this.#store(row.id, {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken ?? stored.refreshToken,
      expiresAt: tokens.expiresAt,
    });
    return tokens.accessToken;
  }

  #seal(sessionId: string, tokens: { accessToken: string; refreshToken: string | null }) {
    return {
      accessToken: this.cipher.seal(tokens.accessToken, tokenContext(sessionId, 'access')),
      refreshToken:
        tokens.refreshToken === null
          ? null
          : this.cipher.seal(tokens.refreshToken, tokenContext(sessionId, 'refresh')),
    };
  }

  #open(row: Pick<SessionRow, 'id' | 'discordAccessToken' | 'discordRefreshToken'>) {
    const access = this.cipher.open(row.discordAccessToken, tokenContext(row.id, 'access'));
    const refresh =
      row.discordRefreshToken === null
        ? null
        : this.cipher.open(row.discordRefreshToken, tokenContext(row.id, 'refresh'));
    return {
      accessToken: access.value,
      refreshToken: refresh?.value ?? null,
      legacy: access.legacy || (refresh?.legacy ?? false),
    };
  }

  async #store(
    sessionId: string,
    tokens: { accessToken: string; refreshToken: string | null; expiresAt: Date },
  ): Promise<void> {
    await this.repository.updateDiscordTokens(sessionId, {
      ...this.#seal(sessionId, tokens),
      expiresAt: tokens.expiresAt,
    });
  }
}

function toPanelSession(row: Pick<SessionRow, 'id' | 'userId' | 'csrfToken' | 'expiresAt'>): PanelSession {
  return { id: row.id, userId: row.userId, csrfToken: row.csrfToken, expiresAt: row.expiresAt };
}

/** Constant-time comparison of two secrets (CSRF tokens, states). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
