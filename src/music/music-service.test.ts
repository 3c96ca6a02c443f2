import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LavalinkManager } from 'lavalink-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabaseTarget } from '../../test/support/databases.ts';
import { eventually } from '../../test/support/eventually.ts';
import { audioRole } from '../audio/index.ts';
import { parseConfig } from '../config/index.ts';
import type { Database } from '../db/index.ts';
import { HealthRegistry } from '../health/index.ts';
import { silentLogger } from '../logging/index.ts';
import { ffmpegPath } from '../media/index.ts';
import { createMetricsRegistry } from '../metrics/index.ts';
import type { AppContext, RunningRole } from '../runtime/index.ts';
import { defaultGuildSettings } from '../settings/index.ts';
import { MusicEngine } from './music-engine.ts';
import { MusicError } from './music-error.ts';
import { audioNodes } from './music-runtime.ts';
import { MusicService } from './music-service.ts';
import { PlayerStore } from './player-store.ts';

const run = promisify(execFile);
const GUILD = '810000000000000001';
const MEMBER = '830000000000000002';
const DJ = '830000000000000001';

/**
 * The service's loading against the real stack's loading half: lavalink-client connected to the
 * built-in audio node (the audio role, reading a local folder). No player is made, so no Discord
 * is needed; what a failed queue write does to memory, the database and the voice channel is
 * shown with the whole stack in test/api/queue-rollback.test.ts.
 */
describe('music service: loading tracks for members', () => {
  let work: string;
  let audio: RunningRole;
  let lavalink: LavalinkManager;
  let target: TestDatabaseTarget;
  let database: Database;
  const file = (name: string) => join(work, 'music', name);

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'gramophone-music-service-'));
    await mkdir(join(work, 'music'));
    await Promise.all(
      ['one', 'two', 'three', 'dj'].map((name) =>
        run(ffmpegPath(), [
          ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
          ...['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2'],
          ...['-c:a', 'libopus', file(`${name}.ogg`)],
        ]),
      ),
    );
    const env = {
      DATA_DIR: join(work, 'data'),
      AUDIO_HOST: '127.0.0.1',
      AUDIO_PASSWORD: 'music-service-test-password',
      AUDIO_LOCAL_DIRS: join(work, 'music'),
    };
    const context = {
      config: parseConfig({ ...env, AUDIO_PORT: '0' }),
      logger: silentLogger(),
      metrics: createMetricsRegistry({ instance: 'test', roles: 'audio' }),
      health: new HealthRegistry(),
      roles: ['audio'],
    } as unknown as AppContext; // the audio role reads config, logger, metrics and health only
    audio = await audioRole.start(context);
    lavalink = new LavalinkManager({
      nodes: audioNodes(parseConfig({ ...env, AUDIO_PORT: String(audio.ports?.AUDIO_PORT) })),
      sendToShard: () => {},
      client: { id: '900000000000000001', username: 'Gramophone' },
    });
    await lavalink.init({ id: '900000000000000001', username: 'Gramophone' });
    await eventually(
      () => expect([...lavalink.nodeManager.nodes.values()].some((n) => n.connected)).toBe(true),
      15_000,
    );
    target = await createTestDatabase('pglite');
    database = await target.open();
  }, 60_000);
  afterAll(async () => {
    for (const node of lavalink?.nodeManager.nodes.values() ?? []) node.destroy('test done', true);
    await audio?.stop();
    await database?.close();
    await target?.dispose();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const serviceWith = (rate: { count: number; windowMs: number }, now: () => number) => {
    const engine = new MusicEngine({
      lavalink,
      store: new PlayerStore(database.db),
      settings: async () => defaultGuildSettings,
      voice: { listeners: () => [] },
      logger: silentLogger(),
    });
    return new MusicService(engine, { addRate: rate, now });
  };

  it('refuses a member adding faster than the rate, counting per member, until a token is back', async () => {
    let now = 1_000_000;
    const music = serviceWith({ count: 2, windowMs: 4_000 }, () => now);
    const add = (userId: string, name: string) => music.resolve(file(name), { guildId: GUILD, userId });
    expect((await add(MEMBER, 'one.ogg')).tracks[0]?.info.title).toBe('one');
    await add(MEMBER, 'two.ogg');
    // A file that is not there: had the node been asked, the answer would be a load failure.
    const refusal = await add(MEMBER, 'missing.ogg').catch((error) => error);
    expect(refusal).toBeInstanceOf(MusicError);
    expect(refusal).toMatchObject({ code: 'ADD_RATE_LIMITED', params: { retryAfterSeconds: 2 } });
    await add(DJ, 'dj.ogg');
    now += 2_000;
    expect((await add(MEMBER, 'three.ogg')).tracks[0]?.info.title).toBe('three');
    // Autoplay loads without a requester: never counted.
    await music.resolve(file('one.ogg'), null);
    expect(await add(MEMBER, 'missing.ogg').catch((error) => error)).toMatchObject({
      code: 'ADD_RATE_LIMITED',
    });
    // What the node answers when it is asked for the missing file.
    const asked = await music.resolve(file('missing.ogg'), null).catch((error) => error);
    expect(asked).toBeInstanceOf(MusicError);
    expect(['NO_MATCHES', 'LOAD_FAILED']).toContain(asked.code);
  });
});
