import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TokenCipher } from '../../src/api/index.ts';
import { type Config, parseConfig } from '../../src/config/index.ts';
import { type Database, migrate, tables } from '../../src/db/index.ts';
import { type SpotifyEmulator, startSpotifyEmulator } from '../../src/emulators/spotify/index.ts';
import { historyTables, ListenArchive } from '../../src/history/index.ts';
import { SpotifyAccountClient } from '../../src/history/spotify/index.ts';
import {
  ARCHIVE_USER_JOB,
  archiveSpotifyUser,
  dueSpotifyUsers,
  planRound,
  runArchiveRound,
  runArchiveUserJob,
  type SpotifyArchiverDeps,
  SpotifyLinkStore,
} from '../../src/history/spotify-link/index.ts';
import { JobQueue } from '../../src/jobs/index.ts';
import { silentLogger } from '../../src/logging/index.ts';
import { createNetGuard } from '../../src/net-guard/index.ts';
import { createTestDatabase, databaseKinds, type TestDatabaseTarget } from '../support/databases.ts';

const { historyLinks, historyListens } = historyTables;
const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const MINUTE = 60_000;
const REDIRECT = 'http://panel.test/api/me/history/spotify/callback';

describe.each(databaseKinds())('Spotify archival (%s)', (kind) => {
  let target: TestDatabaseTarget;
  let database: Database;
  let spotify: SpotifyEmulator;
  let deps: SpotifyArchiverDeps;
  let client: SpotifyAccountClient;
  let store: SpotifyLinkStore;
  /** The one clock of the emulator, the client, the store and the archiver. */
  let now = T0;
  let serial = 0;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    database = await target.open();
    await migrate(database);
    spotify = await startSpotifyEmulator({ now: () => now });
    client = new SpotifyAccountClient(
      {
        clientId: spotify.clientId,
        clientSecret: spotify.clientSecret,
        accountsUrl: spotify.accountsUrl,
        apiUrl: spotify.apiUrl,
        redirectUri: REDIRECT,
        now: () => now,
      },
      createNetGuard({ allow: ['127.0.0.1'] }),
    );
    store = new SpotifyLinkStore(database, new TokenCipher(() => Buffer.alloc(32, 7)), () => now);
    deps = {
      database,
      store,
      client,
      archive: new ListenArchive(database),
      breaker: { failures: 3, cooldownMs: 60 * MINUTE },
      now: () => now,
    };
  });
  afterEach(() => {
    now = T0;
    spotify.control.clearFaults();
    spotify.control.setRefreshRotation({ mode: 'never' });
  });
  afterAll(async () => {
    await spotify?.close();
    await database?.close();
    await target?.dispose();
  });

  /** A panel user linked (through the real consent and exchange) to a new emulated Spotify account. */
  async function linkedUser(): Promise<{ userId: string; spotifyUser: string }> {
    serial += 1;
    const userId = `20000000000000000${serial}`;
    await database.db.insert(tables.users).values({ id: userId, username: `listener${serial}` });
    const spotifyUser = spotify.control.createUser().id;
    const { url, verifier } = client.authorizeUrl();
    const consent = new URL(url);
    consent.searchParams.set('login_as', spotifyUser);
    const back = new URL((await fetch(consent, { redirect: 'manual' })).headers.get('location') ?? '');
    const tokens = await client.exchangeCode(back.searchParams.get('code') ?? '', verifier);
    await store.saveLink(userId, { externalName: spotifyUser, ...tokens });
    return { userId, spotifyUser };
  }

  const linkOf = async (userId: string) =>
    (await database.db.select().from(historyLinks).where(eq(historyLinks.userId, userId)))[0]!;
  const listensOf = async (userId: string) =>
    (await database.db.select().from(historyListens).where(eq(historyListens.userId, userId))).length;

  it('archives 120 plays over rounds with a 429 and a rotated refresh token between, exactly once each', async () => {
    const { userId, spotifyUser } = await linkedUser();
    // One play a minute: 120 plays ending T0+1min … T0+120min.
    spotify.control.listen({ userId: spotifyUser, count: 120, from: T0 + MINUTE, everyMs: MINUTE });
    const sent: { name: string; data: unknown; options: unknown }[] = [];
    const jobs = {
      send: async (name: string, data: unknown, options: unknown) => {
        sent.push({ name, data, options });
        return 'resent';
      },
    } as unknown as JobQueue;
    const job = { userId, round: 1, retry: 0 };

    now = T0 + 50 * MINUTE; // 50 plays ended: Spotify's whole window
    expect(await runArchiveUserJob(deps, jobs, job)).toMatchObject({
      kind: 'archived',
      added: 50,
      present: 0,
    });
    const first = await linkOf(userId);
    expect(first.cursorMs).toBe(T0 + 50 * MINUTE);
    expect(first.lastArchivedAt?.getTime()).toBe(now);

    now = T0 + 100 * MINUTE; // 50 more; the access token is about to expire (1 h): refresh, rotated
    spotify.control.setRefreshRotation({ mode: 'always' });
    spotify.control.rateLimit({ retryAfterS: 7, target: 'all' });
    expect(await runArchiveUserJob(deps, jobs, job)).toEqual({ kind: 'rate-limited', retryAfterMs: 7000 });
    // Nothing skipped: the cursor did not move, and the job sent itself again after Retry-After.
    expect((await linkOf(userId)).cursorMs).toBe(T0 + 50 * MINUTE);
    expect(sent).toEqual([
      { name: ARCHIVE_USER_JOB, data: { ...job, retry: 1 }, options: { startAfter: 7 } },
    ]);
    const before = (await store.open(userId))!.refreshToken;
    expect(await runArchiveUserJob(deps, jobs, { ...job, retry: 1 })).toMatchObject({
      kind: 'archived',
      added: 50,
    });
    const rotated = (await store.open(userId))!;
    expect(rotated.refreshToken).not.toBe(before);
    expect(rotated.row.accessExpiresAt?.getTime()).toBe(now + 3600_000);

    now = T0 + 170 * MINUTE; // the last 20; another refresh, which only the rotated token can do
    expect(await archiveSpotifyUser(deps, userId)).toMatchObject({ kind: 'archived', added: 20, present: 0 });
    expect(await archiveSpotifyUser(deps, userId)).toMatchObject({ kind: 'archived', added: 0, present: 0 });
    // A user job delivered again in a round that already archived them polls nothing.
    const polls = spotify.control.requestCounts().byEndpoint['GET /v1/me/player/recently-played'];
    expect(
      await runArchiveUserJob(deps, jobs, { userId, round: 9, roundStartMs: now - MINUTE, retry: 0 }),
    ).toEqual({
      kind: 'skipped',
      why: 'archived-this-round',
    });
    expect(spotify.control.requestCounts().byEndpoint['GET /v1/me/player/recently-played']).toBe(polls);
    expect(await listensOf(userId)).toBe(120);
    expect(await linkOf(userId)).toMatchObject({ cursorMs: T0 + 120 * MINUTE, state: 'healthy' });
  });

  it('marks a revoked link for re-linking, once, and leaves it out of rounds', async () => {
    const { userId, spotifyUser } = await linkedUser();
    spotify.control.revoke({ userId: spotifyUser });
    now = T0 + 58 * MINUTE; // the access token expires within 5 minutes: a refresh, refused
    const outcome = await archiveSpotifyUser(deps, userId);
    expect(outcome).toMatchObject({ kind: 'needs-relink' });
    const link = await linkOf(userId);
    expect(link).toMatchObject({ state: 'needs-relink', consecutiveFailures: 0 });
    expect(link.stateReason).toBeTruthy();
    expect(await archiveSpotifyUser(deps, userId)).toEqual({ kind: 'skipped', why: 'needs-relink' });
    expect((await linkOf(userId)).updatedAt).toEqual(link.updatedAt);
    expect(await dueSpotifyUsers(database, now)).not.toContain(userId);
  });

  it('opens the breaker after N failed rounds, and half-opens after the cool-down', async () => {
    const { userId, spotifyUser } = await linkedUser();
    spotify.control.listen({ userId: spotifyUser, count: 3, from: T0 + MINUTE, everyMs: MINUTE });
    now = T0 + 10 * MINUTE;
    spotify.control.serverError({ count: 4, status: 503, target: 'api' });
    for (const failures of [1, 2]) {
      expect(await archiveSpotifyUser(deps, userId)).toMatchObject({
        kind: 'failed',
        consecutiveFailures: failures,
        breakerOpenUntil: null,
      });
      expect(await linkOf(userId)).toMatchObject({ state: 'healthy', consecutiveFailures: failures });
    }
    expect(await archiveSpotifyUser(deps, userId)).toMatchObject({ kind: 'failed', consecutiveFailures: 3 });
    const open = await linkOf(userId);
    expect(open).toMatchObject({ state: 'paused', consecutiveFailures: 3 });
    expect(open.breakerOpenUntil?.getTime()).toBe(now + 60 * MINUTE);

    now += 30 * MINUTE; // still open: not polled, and not in a round
    expect(await archiveSpotifyUser(deps, userId)).toEqual({ kind: 'skipped', why: 'breaker-open' });
    expect(await dueSpotifyUsers(database, now)).not.toContain(userId);

    now += 31 * MINUTE; // cooled down: one trial; it fails, so the breaker opens again at once
    expect(await dueSpotifyUsers(database, now)).toContain(userId);
    expect(await archiveSpotifyUser(deps, userId)).toMatchObject({ kind: 'failed', consecutiveFailures: 4 });
    expect((await linkOf(userId)).breakerOpenUntil?.getTime()).toBe(now + 60 * MINUTE);

    now += 61 * MINUTE; // the next trial succeeds: closed, healthy, nothing lost
    expect(await archiveSpotifyUser(deps, userId)).toMatchObject({ kind: 'archived', added: 3 });
    expect(await linkOf(userId)).toMatchObject({
      state: 'healthy',
      stateReason: null,
      consecutiveFailures: 0,
      breakerOpenUntil: null,
    });
  });

  it('spreads a round over the interval and sends each user once per round', async () => {
    const interval = 30 * MINUTE;
    const roundStart = Math.floor(T0 / interval) * interval;
    const plan = planRound(['a', 'b', 'c'], roundStart, interval);
    for (const job of plan) {
      expect(job.startAfter.getTime()).toBeGreaterThanOrEqual(roundStart);
      expect(job.startAfter.getTime()).toBeLessThan(roundStart + interval);
    }
    expect(new Set(plan.map((job) => job.startAfter.getTime())).size).toBe(3);
    // The same phase every round; late in the round a user whose phase passed starts now.
    const next = planRound(['a'], roundStart + interval, interval)[0]!;
    expect(next.startAfter.getTime() - interval).toBe(plan[0]!.startAfter.getTime());
    expect(planRound(['a'], roundStart + interval - 1, interval)[0]!.startAfter.getTime()).toBe(
      roundStart + interval - 1,
    );

    await linkedUser();
    const queue = new JobQueue({ database, logger: silentLogger() });
    await queue.start();
    try {
      const config: Config = parseConfig({ SPOTIFY_POLL_MINUTES: '30' });
      const context = { config, database, jobs: queue };
      const at = Date.now();
      const first = await runArchiveRound(context, at);
      expect(first.due).toBeGreaterThanOrEqual(1);
      expect(first.sent).toBe(first.due);
      // Planned again within the round (the schedule ticks every minute): nobody twice.
      expect(await runArchiveRound(context, at)).toEqual({ due: first.due, sent: 0 });
    } finally {
      await queue.stop({ timeoutMs: 2_000 });
    }
  });
});
