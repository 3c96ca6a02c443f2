import { randomBytes } from 'node:crypto';
import type { ScrobbleItem } from './scrobbles.ts';

/** A scrobble as the emulator stored it. */
export interface StoredScrobble extends ScrobbleItem {
  /** When it was received (ms). */
  receivedAt: number;
}

export interface NowPlaying extends Omit<ScrobbleItem, 'timestamp'> {
  receivedAt: number;
}

/** Web-auth tokens live 60 minutes and can be exchanged once. */
const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

/**
 * Last.fm's accounts as far as scrobbling needs them: users, the web-auth tokens the auth page
 * hands out, the session keys they turn into (valid until revoked), and what each user was sent.
 * Scrobbles are kept once per (timestamp, artist, track), as Last.fm does not list a repeat twice.
 */
export class LastFmAccounts {
  readonly #now: () => number;
  readonly #users = new Map<
    string,
    { scrobbles: Map<string, StoredScrobble>; nowPlaying: NowPlaying | null }
  >();
  readonly #tokens = new Map<string, { userName: string; issuedAt: number }>();
  readonly #sessions = new Map<string, string>();
  /** Who the auth page approves as, like a browser logged in to last.fm. */
  approvingUser: string | null = null;

  constructor(now: () => number) {
    this.#now = now;
  }

  createUser(userName: string): { userName: string } {
    if (!this.#users.has(userName)) this.#users.set(userName, { scrobbles: new Map(), nowPlaying: null });
    this.approvingUser ??= userName;
    return { userName };
  }

  hasUser(userName: string): boolean {
    return this.#users.has(userName);
  }

  issueToken(userName: string): string {
    const token = randomBytes(16).toString('hex');
    this.#tokens.set(token, { userName, issuedAt: this.#now() });
    return token;
  }

  /** A session key for a token, or the Last.fm error code saying why not (4 unknown, 15 expired). */
  exchange(token: string): { userName: string; key: string } | { error: 4 | 15 } {
    const entry = this.#tokens.get(token);
    if (!entry) return { error: 4 };
    this.#tokens.delete(token);
    if (this.#now() - entry.issuedAt > TOKEN_LIFETIME_MS) return { error: 15 };
    const key = randomBytes(16).toString('hex');
    this.#sessions.set(key, entry.userName);
    return { userName: entry.userName, key };
  }

  /** Creates a session directly, for tests and the sandbox that skip the browser step. */
  createSession(userName: string): string {
    this.createUser(userName);
    const key = randomBytes(16).toString('hex');
    this.#sessions.set(key, userName);
    return key;
  }

  userOfSession(key: string): string | null {
    return this.#sessions.get(key) ?? null;
  }

  /** The user revoked the app in their settings: every session key of theirs stops working. */
  revokeSessions(userName: string): void {
    for (const [key, owner] of this.#sessions) if (owner === userName) this.#sessions.delete(key);
  }

  /** Stores an accepted scrobble; answers false for a repeat (still reported as accepted). */
  addScrobble(userName: string, item: ScrobbleItem): boolean {
    const user = this.#users.get(userName);
    if (!user) return false;
    const key = `${item.timestamp}\u0000${item.artist.toLowerCase()}\u0000${item.track.toLowerCase()}`;
    if (user.scrobbles.has(key)) return false;
    user.scrobbles.set(key, { ...item, receivedAt: this.#now() });
    return true;
  }

  /** Scrobbles with a timestamp in the same UTC day as `nowS`, for the daily limit. */
  scrobbledToday(userName: string, nowS: number): number {
    const dayStart = nowS - (nowS % 86_400);
    return this.scrobbles(userName).filter((s) => s.receivedAt / 1000 >= dayStart).length;
  }

  setNowPlaying(userName: string, item: Omit<ScrobbleItem, 'timestamp'>): void {
    const user = this.#users.get(userName);
    if (user) user.nowPlaying = { ...item, receivedAt: this.#now() };
  }

  /** Newest first. */
  scrobbles(userName: string): StoredScrobble[] {
    return [...(this.#users.get(userName)?.scrobbles.values() ?? [])].sort(
      (a, b) => b.timestamp - a.timestamp,
    );
  }

  nowPlaying(userName: string): NowPlaying | null {
    return this.#users.get(userName)?.nowPlaying ?? null;
  }
}
