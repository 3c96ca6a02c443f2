import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabaseTarget,
} from '../../../test/support/databases.ts';
import { TokenCipher } from '../../api/index.ts';
import type { CapabilityContext } from '../../capability/index.ts';
import { parseConfig } from '../../config/index.ts';
import { type Database, migrate } from '../../db/index.ts';
import { type LastFmEmulator, startLastFmEmulator } from '../../emulators/lastfm/index.ts';
import { type ListenBrainzEmulator, startListenBrainzEmulator } from '../../emulators/listenbrainz/index.ts';
import { silentLogger } from '../../logging/index.ts';
import { ListenArchive } from '../listen-archive.ts';
import type { ListenInput } from '../listen-input.ts';
import {
  SCROBBLE_SEND_JOB,
  type ScrobbleClients,
  ScrobbleLinks,
  ScrobbleOutbox,
  ScrobbleSender,
  scrobbleClientsFor,
  scrobbleRetryDelayMs,
  scrobbleVoiceListens,
} from './index.ts';

const ANN = '100000000000000001';
const BEN = '100000000000000002';
/** Listens of the last hour: inside what both services take. */
const START = Date.now() - 60 * 60_000;

function voiceListen(userId: string, n: number): ListenInput {
  return {
    userId,
    playedAt: new Date(START + n * 240_000),
    msPlayed: 200_000,
    source: 'discord-voice',
    track: {
      title: `Song ${n}`,
      artists: ['The Quiet Harbour', 'Guest'],
      album: 'Harbour Lights',
      durationMs: 210_000,
    },
  };
}

describe.each(databaseKinds())('scrobbling voice listens (%s)', (kind) => {
  let target: TestDatabaseTarget;
  let database: Database;
  let lb: ListenBrainzEmulator;
  let lastfm: LastFmEmulator;
  let clients: ScrobbleClients;
  let links: ScrobbleLinks;
  let archive: ListenArchive;
  let outbox: ScrobbleOutbox;
  let clock: number;
  const sender = () =>
    new ScrobbleSender({ database, links, clients, logger: silentLogger(), now: () => new Date(clock) });
  const rows = async () =>
    (
      await database.query<{ service: string; status: string; attempts: number; next_attempt_at: Date }>(
        'SELECT service, status, attempts, next_attempt_at FROM history_scrobbles ORDER BY service, listen_id',
      )
    ).rows;
  const linkState = async (userId: string, service: string) =>
    (
      await database.query<{ state: string; state_reason: string | null }>(
        'SELECT state, state_reason FROM history_links WHERE user_id = $1 AND service = $2',
        [userId, service],
      )
    ).rows[0];

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    database = await target.open();
    await migrate(database);
    await database.query(`INSERT INTO users (id, username) VALUES ($1, 'ann'), ($2, 'ben')`, [ANN, BEN]);
  });
  afterAll(async () => {
    await database?.close();
    await target?.dispose();
  });

  beforeEach(async () => {
    await database.exec(
      'DELETE FROM history_scrobbles; DELETE FROM history_listens; DELETE FROM history_links;',
    );
    clock = Date.now();
    lb = await startListenBrainzEmulator();
    lastfm = await startLastFmEmulator();
    clients = scrobbleClientsFor(
      parseConfig({
        DISCORD_TOKEN: 'x'.repeat(60),
        // The emulators listen on loopback, which the net guard lets through only when told to.
        AUDIO_HTTP_ALLOW: '127.0.0.1',
        LISTENBRAINZ_API_URL: lb.url,
        LASTFM_API_URL: lastfm.url,
        LASTFM_AUTH_URL: lastfm.authUrl,
        LASTFM_API_KEY: lastfm.apiKey,
        LASTFM_SHARED_SECRET: lastfm.sharedSecret,
      }),
      5000,
    );
    links = new ScrobbleLinks(database, new TokenCipher(() => Buffer.alloc(32, 9)));
    archive = new ListenArchive(database);
    outbox = new ScrobbleOutbox(database);
  });
  afterEach(async () => {
    await clients?.close();
    await lb?.close();
    await lastfm?.close();
  });

  /** Links ANN and BEN to both services, as the panel would. */
  async function linkBoth() {
    for (const [userId, name] of [
      [ANN, 'ann'],
      [BEN, 'ben'],
    ] as const) {
      const { token } = lb.createUser(name);
      await links.save(userId, 'listenbrainz', name, token);
      lastfm.createUser(name);
      await links.save(userId, 'lastfm', name, lastfm.createSession(name));
    }
  }

  async function storeAndEnqueue(listens: ListenInput[]) {
    await archive.store(listens);
    return outbox.enqueue(listens, new Date(clock));
  }

  it('sends a voice listen of two users linked to both services to each service exactly once', async () => {
    await linkBoth();
    const listens = [voiceListen(ANN, 1), voiceListen(BEN, 1)];
    expect(await storeAndEnqueue(listens)).toBe(4);
    // Told again (a retried listener): the outbox has them already.
    expect(await outbox.enqueue(listens)).toBe(0);

    expect(await sender().sendDue()).toEqual({ sent: 4, dropped: 0, deferred: 0 });
    expect(await sender().sendDue()).toEqual({ sent: 0, dropped: 0, deferred: 0 });

    for (const name of ['ann', 'ben']) {
      expect(lb.listens(name).map((listen) => listen.trackMetadata.track_name)).toEqual(['Song 1']);
      expect(lastfm.scrobbles(name)).toHaveLength(1);
    }
    expect(lb.requestCount('/1/submit-listens')).toBe(2);
    expect(lastfm.requestCount('track.scrobble')).toBe(2);
    expect((await rows()).map((row) => row.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  it('scrobbles only voice listens, and only for healthy links', async () => {
    await linkBoth();
    await links.markNeedsRelink(BEN, 'lastfm', 'test');
    const spotify = { ...voiceListen(ANN, 2), source: 'spotify-poll' as const };
    expect(await storeAndEnqueue([spotify, voiceListen(BEN, 2)])).toBe(1);
    expect((await rows()).map((row) => row.service)).toEqual(['listenbrainz']);
  });

  it('keeps the rows pending through an outage and sends them once the services are back', async () => {
    await linkBoth();
    await storeAndEnqueue([voiceListen(ANN, 3), voiceListen(ANN, 4)]);
    await lb.goDown('unavailable');
    await lastfm.goDown('offline');

    expect(await sender().sendDue()).toEqual({ sent: 0, dropped: 0, deferred: 4 });
    for (const row of await rows()) {
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(new Date(row.next_attempt_at).getTime()).toBe(clock + 60_000);
    }

    await lb.comeBack();
    await lastfm.comeBack();
    // Not due yet: the backoff holds them.
    expect(await sender().sendDue()).toEqual({ sent: 0, dropped: 0, deferred: 0 });
    clock += 60_000;
    expect(await sender().sendDue()).toEqual({ sent: 4, dropped: 0, deferred: 0 });
    expect(lb.listens('ann')).toHaveLength(2);
    expect(lastfm.scrobbles('ann')).toHaveLength(2);
  });

  it('waits out a rate limit before sending again', async () => {
    await linkBoth();
    await storeAndEnqueue([voiceListen(BEN, 5)]);
    lb.forceRateLimited(1);
    lastfm.forceRateLimited(1);

    expect(await sender().sendDue()).toEqual({ sent: 0, dropped: 0, deferred: 2 });
    const waits = (await rows()).map((row) => new Date(row.next_attempt_at).getTime() - clock);
    // The first retry waits at least the minute's backoff, and the service's wait when longer.
    for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(60_000);
    expect(scrobbleRetryDelayMs(1, 5 * 60_000)).toBe(5 * 60_000);
    expect(scrobbleRetryDelayMs(12, 0)).toBe(60 * 60_000);

    clock += Math.max(...waits) - 1;
    expect((await sender().sendDue()).sent).toBe(0);
    clock += 1;
    expect(await sender().sendDue()).toEqual({ sent: 2, dropped: 0, deferred: 0 });
    expect(lb.listens('ben')).toHaveLength(1);
    expect(lastfm.scrobbles('ben')).toHaveLength(1);
  });

  it('drops a listen the services refuse for good, with the reason', async () => {
    await linkBoth();
    const ancient = { ...voiceListen(ANN, 8), playedAt: new Date('2001-05-01T12:00:00Z') };
    await storeAndEnqueue([ancient, voiceListen(ANN, 9)]);

    expect(await sender().sendDue()).toEqual({ sent: 2, dropped: 2, deferred: 0 });
    const stored = await database.query<{ service: string; status: string; last_error: string | null }>(
      `SELECT s.service, s.status, s.last_error FROM history_scrobbles s
         JOIN history_listens l ON l.id = s.listen_id ORDER BY s.service, l.played_at`,
    );
    expect(stored.rows).toEqual([
      { service: 'lastfm', status: 'dropped', last_error: expect.stringContaining('Last.fm ignored') },
      { service: 'lastfm', status: 'sent', last_error: null },
      { service: 'listenbrainz', status: 'dropped', last_error: expect.stringContaining('2002-10-01') },
      { service: 'listenbrainz', status: 'sent', last_error: null },
    ]);
    expect(lb.listens('ann')).toHaveLength(1);
  });

  it('marks a link whose token is refused as needing re-linking and keeps its rows pending', async () => {
    await links.save(ANN, 'listenbrainz', 'ann', 'not-a-token-listenbrainz-knows');
    await storeAndEnqueue([voiceListen(ANN, 6)]);

    expect(await sender().sendDue()).toEqual({ sent: 0, dropped: 0, deferred: 0 });
    expect(await linkState(ANN, 'listenbrainz')).toEqual({
      state: 'needs-relink',
      state_reason: expect.stringContaining('ListenBrainz refused the token'),
    });
    expect(await rows()).toMatchObject([{ status: 'pending', attempts: 0 }]);

    // Linked again: the waiting row goes out.
    const { token } = lb.createUser('ann');
    await links.save(ANN, 'listenbrainz', 'ann', token);
    expect((await sender().sendDue()).sent).toBe(1);
    expect(lb.listens('ann')).toHaveLength(1);
  });

  it('puts the listens told to the voice-listens listener in the outbox and queues a send', async () => {
    await linkBoth();
    const sent: string[] = [];
    const context = {
      database,
      logger: silentLogger(),
      jobs: {
        send: async (name: string) => {
          sent.push(name);
          return 'job-1';
        },
      },
    } as unknown as CapabilityContext;
    const listener = scrobbleVoiceListens(context);
    const listens = [voiceListen(ANN, 7)];
    await archive.store(listens);
    await listener(listens);
    await listener(listens);
    expect(sent).toEqual([SCROBBLE_SEND_JOB]);
    expect((await rows()).map((row) => row.status)).toEqual(['pending', 'pending']);
  });
});
