import { z } from 'zod';
import type { RefreshRotation, SpotifyAccounts } from './accounts.ts';
import type { SpotifyRenderer } from './catalogue.ts';
import type { FaultQueue, FaultTarget, SpotifyRequestLogEntry } from './faults.ts';
import {
  base62Id,
  generatedTrack,
  type ListeningHistory,
  type SpotifyPlay,
  type SpotifyUser,
} from './listening.ts';

const target = z.enum(['api', 'accounts', 'all']).default('api');
const count = z.number().int().min(1).max(100_000).default(1);
/** A time as ms since the epoch or an ISO-8601 string. */
const instant = z
  .union([z.number().int().nonnegative(), z.iso.datetime({ offset: true })])
  .transform((v) => (typeof v === 'number' ? v : Date.parse(v)));

/** The control API's inputs; the HTTP routes (`POST /control/<op>`) validate with the same schemas. */
export const spotifyControlSchemas = {
  createUser: z.object({
    id: z
      .string()
      .regex(/^[0-9A-Za-z._-]{1,64}$/)
      .optional(),
    displayName: z.string().min(1).max(100).optional(),
  }),
  setConsent: z.object({ userId: z.string().min(1).nullable(), approve: z.boolean().default(true) }),
  listen: z
    .object({
      userId: z.string().min(1),
      /** Explicit plays: which track (a catalogue id; generated when absent) ended when. */
      plays: z
        .array(
          z.object({
            trackId: z
              .string()
              .regex(/^[0-9A-Za-z]{22}$/)
              .optional(),
            endedAt: instant,
            contextUri: z.string().nullable().default(null),
          }),
        )
        .max(100_000)
        .optional(),
      /** Or N generated plays, the first ending at `from`, then one every `everyMs`. */
      count: z.number().int().min(1).max(100_000).optional(),
      from: instant.optional(),
      everyMs: z.number().int().min(1).default(180_000),
    })
    .refine((v) => (v.plays === undefined) !== (v.count === undefined), {
      error: 'give either plays or count (with from)',
    })
    .refine((v) => v.count === undefined || v.from !== undefined, {
      error: 'count needs from',
      path: ['from'],
    }),
  issueTokens: z.object({
    userId: z.string().min(1),
    scopes: z.array(z.string().min(1)).default(['user-read-recently-played']),
    clientId: z.string().optional(),
  }),
  revoke: z
    .object({
      userId: z.string().optional(),
      refreshToken: z.string().optional(),
      accessToken: z.string().optional(),
    })
    .refine((v) => v.userId ?? v.refreshToken ?? v.accessToken, { error: 'name a userId or a token' }),
  rateLimit: z.object({ count, retryAfterS: z.number().int().min(0).max(86_400).default(1), target }),
  serverError: z.object({
    count,
    status: z.union([z.literal(500), z.literal(502), z.literal(503)]).default(503),
    target,
  }),
  slow: z.object({ count, delayMs: z.number().int().min(1).max(120_000), target }),
  setRefreshRotation: z.object({ mode: z.enum(['never', 'always', 'alternate']) }),
  setClock: z.object({ now: instant.nullable() }),
  advanceClock: z.object({ ms: z.number().int() }),
  setRecentlyPlayedWindow: z.object({ plays: z.number().int().min(1).max(1_000_000) }),
  requests: z.object({ userId: z.string().optional() }),
};

export type SpotifyControlInput<K extends keyof typeof spotifyControlSchemas> = z.input<
  (typeof spotifyControlSchemas)[K]
>;

const S = spotifyControlSchemas;

/** What the control API acts on: the emulator's state, shared with its routes. */
export interface SpotifyState {
  accounts: SpotifyAccounts;
  history: ListeningHistory;
  renderer: () => SpotifyRenderer;
  faults: FaultQueue;
  log: SpotifyRequestLogEntry[];
  clock: { now(): number; set(ms: number | null): void };
  consent: { userId: string | null; approve: boolean };
  /** The first registered app's client id (whose tokens `issueTokens` makes by default). */
  defaultClientId: string;
  /** `http://127.0.0.1:PORT`, known once listening (hrefs and `next` links use it). */
  origin: string;
}

/**
 * The typed control API, like the Discord emulator's: set up users and their listening, and
 * disturb the service on purpose (429s, 5xx, slow answers, revoked tokens, rotation, the clock).
 */
export class SpotifyControl {
  #users = 0;
  #generated = 0;

  constructor(private readonly state: SpotifyState) {}

  /** A new emulated account; the first one created also becomes who /authorize consents as. */
  createUser(input: SpotifyControlInput<'createUser'> = {}): SpotifyUser {
    const parsed = S.createUser.parse(input);
    this.#users += 1;
    const id =
      parsed.id ??
      `emu${base62Id(`user:${this.#users}:${this.state.history.users.size}`).slice(0, 12).toLowerCase()}`;
    const user = { id, displayName: parsed.displayName ?? `Emulated Listener ${this.#users}` };
    this.state.history.addUser(user);
    if (this.state.consent.userId === null) this.state.consent.userId = id;
    return user;
  }

  /** Who /authorize consents as (unless the request says `login_as`), and whether they approve. */
  setConsent(input: SpotifyControlInput<'setConsent'>): { ok: true } {
    const parsed = S.setConsent.parse(input);
    if (parsed.userId !== null) this.#user(parsed.userId);
    this.state.consent.userId = parsed.userId;
    this.state.consent.approve = parsed.approve;
    return { ok: true };
  }

  /** Makes a user have listened: explicit plays, or `count` generated tracks from `from` on. */
  listen(input: SpotifyControlInput<'listen'>): { plays: { trackId: string; playedAt: string }[] } {
    const parsed = S.listen.parse(input);
    this.#user(parsed.userId);
    const renderer = this.state.renderer();
    const plays: SpotifyPlay[] = [];
    const generate = () => {
      this.#generated += 1;
      const { track, album } = generatedTrack(this.#generated);
      renderer.addAlbum(album);
      renderer.addTrack(track);
      return track.id;
    };
    if (parsed.plays) {
      for (const play of parsed.plays) {
        const trackId = play.trackId ?? generate();
        if (!renderer.track(trackId)) throw new Error(`unknown track ${trackId}`);
        plays.push({ trackId, playedAtMs: play.endedAt, contextUri: play.contextUri });
      }
    } else {
      for (let i = 0; i < (parsed.count ?? 0); i += 1)
        plays.push({
          trackId: generate(),
          playedAtMs: (parsed.from ?? 0) + i * parsed.everyMs,
          contextUri: null,
        });
    }
    this.state.history.addPlays(parsed.userId, plays);
    return {
      plays: plays.map((p) => ({ trackId: p.trackId, playedAt: new Date(p.playedAtMs).toISOString() })),
    };
  }

  /** Tokens as if the user had just linked (skips /authorize; for benchmarks with many users). */
  issueTokens(input: SpotifyControlInput<'issueTokens'>): { accessToken: string; refreshToken: string } {
    const parsed = S.issueTokens.parse(input);
    this.#user(parsed.userId);
    return this.state.accounts.grant(
      parsed.clientId ?? this.state.defaultClientId,
      parsed.userId,
      parsed.scopes,
    );
  }

  revoke(input: SpotifyControlInput<'revoke'>): { revoked: number } {
    const parsed = S.revoke.parse(input);
    return {
      revoked: this.state.accounts.revoke({
        ...(parsed.userId ? { userId: parsed.userId } : {}),
        ...(parsed.refreshToken ? { refreshToken: parsed.refreshToken } : {}),
        ...(parsed.accessToken ? { accessToken: parsed.accessToken } : {}),
      }),
    };
  }

  /** The next `count` requests answer 429 with `Retry-After: retryAfterS`. */
  rateLimit(input: SpotifyControlInput<'rateLimit'> = {}): { ok: true } {
    const p = S.rateLimit.parse(input);
    return this.#fault({ kind: 'rateLimit', retryAfterS: p.retryAfterS }, p.count, p.target);
  }

  serverError(input: SpotifyControlInput<'serverError'> = {}): { ok: true } {
    const p = S.serverError.parse(input);
    return this.#fault({ kind: 'serverError', status: p.status }, p.count, p.target);
  }

  /** The next `count` requests are answered only after `delayMs` (a client's timeout fires first). */
  slow(input: SpotifyControlInput<'slow'>): { ok: true } {
    const p = S.slow.parse(input);
    return this.#fault({ kind: 'delay', ms: p.delayMs }, p.count, p.target);
  }

  clearFaults(): { ok: true } {
    this.state.faults.clear();
    return { ok: true };
  }

  /** Whether a refresh hands out a new refresh token (the old one is then revoked). */
  setRefreshRotation(input: SpotifyControlInput<'setRefreshRotation'>): { ok: true } {
    this.state.accounts.rotation = S.setRefreshRotation.parse(input).mode as RefreshRotation;
    return { ok: true };
  }

  /** Fixes the emulator's clock (token expiry, which plays have ended); null returns to the real one. */
  setClock(input: SpotifyControlInput<'setClock'>): { now: string } {
    this.state.clock.set(S.setClock.parse(input).now);
    return { now: new Date(this.state.clock.now()).toISOString() };
  }

  advanceClock(input: SpotifyControlInput<'advanceClock'>): { now: string } {
    const { ms } = S.advanceClock.parse(input);
    this.state.clock.set(this.state.clock.now() + ms);
    return { now: new Date(this.state.clock.now()).toISOString() };
  }

  /** How many plays recently-played keeps (Spotify: 50); larger only for tests of paging. */
  setRecentlyPlayedWindow(input: SpotifyControlInput<'setRecentlyPlayedWindow'>): { ok: true } {
    this.state.history.window = S.setRecentlyPlayedWindow.parse(input).plays;
    return { ok: true };
  }

  /** The request log, optionally only one user's. */
  requests(input: SpotifyControlInput<'requests'> = {}): SpotifyRequestLogEntry[] {
    const { userId } = S.requests.parse(input);
    return userId === undefined ? [...this.state.log] : this.state.log.filter((e) => e.userId === userId);
  }

  /** Requests made, in total, per endpoint and per user (what a benchmark reports). */
  requestCounts(): { total: number; byEndpoint: Record<string, number>; byUser: Record<string, number> } {
    const byEndpoint: Record<string, number> = {};
    const byUser: Record<string, number> = {};
    for (const entry of this.state.log) {
      byEndpoint[entry.endpoint] = (byEndpoint[entry.endpoint] ?? 0) + 1;
      if (entry.userId !== null) byUser[entry.userId] = (byUser[entry.userId] ?? 0) + 1;
    }
    return { total: this.state.log.length, byEndpoint, byUser };
  }

  clearRequests(): { ok: true } {
    this.state.log.length = 0;
    return { ok: true };
  }

  describe(): { users: number; consentAs: string | null; pendingFaults: number; now: string } {
    return {
      users: this.state.history.users.size,
      consentAs: this.state.consent.userId,
      pendingFaults: this.state.faults.pending,
      now: new Date(this.state.clock.now()).toISOString(),
    };
  }

  #fault(fault: Parameters<FaultQueue['add']>[0], n: number, where: FaultTarget): { ok: true } {
    this.state.faults.add(fault, n, where);
    return { ok: true };
  }

  #user(id: string): SpotifyUser {
    const user = this.state.history.users.get(id);
    if (!user) throw new Error(`no emulated Spotify user "${id}" (create it with createUser)`);
    return user;
  }
}

/** Operations reachable as `POST /control/<name>` with a JSON body. */
export const SPOTIFY_CONTROL_OPERATIONS = [
  'createUser',
  'setConsent',
  'listen',
  'issueTokens',
  'revoke',
  'rateLimit',
  'serverError',
  'slow',
  'clearFaults',
  'setRefreshRotation',
  'setClock',
  'advanceClock',
  'setRecentlyPlayedWindow',
  'requests',
  'requestCounts',
  'clearRequests',
  'describe',
] as const satisfies readonly (keyof SpotifyControl)[];
