/**
 * The live music API over HTTP: the queue and its operations forwarded to a gateway over the
 * in-memory bus (a handler speaking the bus contract, in another "process" on the same hub),
 * and the guild's event stream over a real socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MUSIC_QUEUE_TOPIC, type MusicQueueEvent } from '../../src/music/index.ts';
import { databaseKinds } from '../support/databases.ts';
import { aQueueSnapshot } from '../support/music-snapshots.ts';
import { openSse, type SseConnection } from '../support/sse-client.ts';
import { type FakeMusicGateway, startFakeMusicGateway } from './music-gateway-fake.ts';
import { type Browser, logIn, type PanelHarness, startPanel } from './support.ts';

describe.each(databaseKinds())('live music (%s)', (kind) => {
  let panel: PanelHarness;
  let owner: Browser;
  let gateway: FakeMusicGateway;
  let guildId: string;
  let otherGuildId: string;
  let base: string;
  const streams: SseConnection[] = [];

  beforeAll(async () => {
    panel = await startPanel({ kind });
    const demo = panel.emulator.demo!;
    guildId = demo.guildId;
    otherGuildId = '999999999999999999';
    owner = await logIn(panel, demo.ownerId);
    gateway = await startFakeMusicGateway(panel.observer, {
      [guildId]: ['alpha-440', 'bravo-660', 'charlie-880'],
    });
    base = await panel.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await panel?.close();
  });

  const operate = (operation: unknown) =>
    owner.request({
      method: 'POST',
      url: `/api/guilds/${guildId}/queue/operations`,
      payload: operation as object,
    });
  const publishQueue = (event: MusicQueueEvent) => panel.observer.publish(MUSIC_QUEUE_TOPIC, event);
  const queueEvent = (id: string, cause: string): MusicQueueEvent => ({
    guildId: id,
    cause,
    snapshot: aQueueSnapshot(id, ['delta-550']),
  });
  async function stream(lastEventId?: string): Promise<SseConnection> {
    const connection = await openSse(`${base}/api/guilds/${guildId}/events`, {
      cookie: owner.cookie,
      ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
    });
    streams.push(connection);
    return connection;
  }

  describe('queue', () => {
    it('answers the queue as the gateway has it', async () => {
      const response = await owner.request({ method: 'GET', url: `/api/guilds/${guildId}/queue` });
      expect(response.statusCode).toBe(200);
      const { snapshot } = response.json();
      expect(snapshot.current.info.title).toBe('alpha-440');
      expect(snapshot.upcoming.map((t: { info: { title: string } }) => t.info.title)).toEqual([
        'bravo-660',
        'charlie-880',
      ]);
    });

    it('forwards an operation as the logged-in user and answers the new queue and the outcome', async () => {
      const response = await operate({ type: 'volume', volume: 55 });
      expect(response.statusCode).toBe(200);
      expect(gateway.requests.at(-1)).toEqual({
        guildId,
        userId: owner.userId,
        operation: { type: 'volume', volume: 55 },
      });
      expect(response.json()).toMatchObject({ snapshot: { volume: 55 }, outcome: { kind: 'done' } });

      const added = await operate({ type: 'add', query: 'echo-990', next: true });
      expect(added.statusCode).toBe(200);
      expect(added.json().outcome).toMatchObject({ kind: 'added', titles: ['echo-990'] });
      expect(gateway.requests.at(-1)?.operation).toEqual({ type: 'add', query: 'echo-990', next: true });
    });

    it('refuses an operation the bot would not understand, without asking the bot', async () => {
      const before = gateway.requests.length;
      for (const operation of [
        { type: 'explode' },
        { type: 'volume', volume: 201 },
        { type: 'move', from: 0, to: 1 },
      ]) {
        const response = await operate(operation);
        expect(response.statusCode, JSON.stringify(operation)).toBe(400);
        expect(response.json().error).toBe('VALIDATION_FAILED');
      }
      expect(gateway.requests.length).toBe(before);
    });

    it('needs the CSRF token to change the queue', async () => {
      const response = await owner.request({
        method: 'POST',
        url: `/api/guilds/${guildId}/queue/operations`,
        payload: { type: 'pause' },
        csrf: false,
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error).toBe('CSRF_FAILED');
    });

    it.each([
      ['DJ_ONLY', {}, 403, /Only DJs/],
      ['NOT_A_MEMBER', {}, 403, /not a member/],
      ['NOT_IN_VOICE', {}, 409, /voice channel/],
      ['NOT_SAME_VOICE', { channelId: '200000000000000001' }, 409, /channel 200000000000000001/],
      ['QUEUE_FULL', { max: 3 }, 409, /full \(3 tracks\)/],
      [
        'NO_MATCHES',
        { query: 'zzz', source: 'local', where: 'in the local files' },
        404,
        /zzz” in the local files/,
      ],
      ['NO_PLAYER', {}, 404, /not playing/],
      ['BAD_POSITION', { max: 2 }, 400, /between 1 and 2/],
      ['SEEK_OUT_OF_RANGE', { length: '3:00' }, 400, /3:00/],
      ['AUDIO_UNAVAILABLE', {}, 503, /audio server/],
      ['GUILD_NOT_HERE', {}, 404, /not in this server/],
    ] as const)(
      'answers the bot’s refusal %s with its HTTP status, code and message',
      async (code, params, status, message) => {
        gateway.refuseNext(code, params);
        const response = await operate({ type: 'skip' });
        expect(response.statusCode).toBe(status);
        const body = response.json();
        expect(body.error).toBe(code === 'GUILD_NOT_HERE' ? 'GUILD_NOT_FOUND' : code);
        expect(body.message).toMatch(message);
        expect(body.requestId).toBe(response.headers['x-request-id']);
        if (Object.keys(params).length > 0 && code !== 'GUILD_NOT_HERE') expect(body.details).toEqual(params);
      },
    );

    it('answers 500 INTERNAL to a refusal code the API does not know, without internals', async () => {
      gateway.refuseNext('INTERNAL');
      const response = await operate({ type: 'pause' });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toMatchObject({
        error: 'INTERNAL',
        message: 'Something went wrong on our side.',
      });
    });
  });

  describe('events', () => {
    it('streams the guild’s queue changes with ids, and not other guilds’', async () => {
      const events = await stream();
      expect(events.status).toBe(200);
      expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(events.headers.get('x-ratelimit-limit')).toBe('1200'); // the lenient tier
      const ready = await events.next();
      expect(ready.event).toBe('ready');
      expect(JSON.parse(ready.data)).toEqual({ guildId });

      await publishQueue(queueEvent(otherGuildId, 'skip'));
      await publishQueue(queueEvent(guildId, 'trackFinished'));
      const queue = await events.next();
      expect(queue.event).toBe('queue');
      expect(JSON.parse(queue.data)).toMatchObject({ guildId, cause: 'trackFinished' });
      expect(seqOf(queue.id)).toBeGreaterThan(seqOf(ready.id));
    });

    it('streams the effect of an operation made through the API', async () => {
      const events = await stream();
      await events.next();
      const response = await operate({ type: 'pause' });
      expect(response.statusCode).toBe(200);
      const queue = await events.next({ accept: (e) => e.event === 'queue' });
      expect(JSON.parse(queue.data)).toMatchObject({ cause: 'pause', snapshot: { paused: true } });
    });

    it('streams settings changes made through the API', async () => {
      const events = await stream();
      await events.next();
      const patch = await owner.request({
        method: 'PATCH',
        url: `/api/guilds/${guildId}/settings`,
        payload: { defaultVolume: 42 },
      });
      expect(patch.statusCode).toBe(200);
      const settings = await events.next({ accept: (e) => e.event === 'settings' });
      expect(JSON.parse(settings.data)).toMatchObject({
        guildId,
        settings: { defaultVolume: 42 },
        diff: { defaultVolume: { after: 42 } },
        actorId: owner.userId,
      });
    });

    it('replays what a client missed when it reconnects with Last-Event-ID', async () => {
      const first = await stream();
      await first.next();
      await publishQueue(queueEvent(guildId, 'one'));
      const seen = await first.next();
      first.close();
      await first.ended;
      for (const cause of ['two', 'three']) await publishQueue(queueEvent(guildId, cause));
      // The bus delivers asynchronously: a second open client shows when both were recorded.
      const watcher = await stream();
      await watcher.next();
      await publishQueue(queueEvent(guildId, 'four'));
      await watcher.next({ accept: (e) => JSON.parse(e.data).cause === 'four' });

      const again = await stream(seen.id);
      const replayed = [await again.next(), await again.next(), await again.next()];
      expect(replayed.map((e) => JSON.parse(e.data).cause)).toEqual(['two', 'three', 'four']);
      expect(replayed.map((e) => seqOf(e.id))).toEqual(
        [...replayed.map((e) => seqOf(e.id))].sort((a, b) => a - b),
      );
      expect(replayed.every((e) => e.event === 'queue')).toBe(true);
      // Nothing more, nothing twice: the next event is the next live one.
      await publishQueue(queueEvent(guildId, 'five'));
      expect(JSON.parse((await again.next()).data).cause).toBe('five');
    });

    it('also takes the last id as ?lastEventId= (for clients that cannot set the header)', async () => {
      const live = await stream();
      await live.next();
      await publishQueue(queueEvent(guildId, 'six'));
      const six = await live.next();
      await publishQueue(queueEvent(guildId, 'seven'));
      await live.next();
      const resumed = await openSse(
        `${base}/api/guilds/${guildId}/events?lastEventId=${encodeURIComponent(six.id ?? '')}`,
        { cookie: owner.cookie },
      );
      streams.push(resumed);
      expect(JSON.parse((await resumed.next()).data).cause).toBe('seven');
    });

    it('tells a client to refetch when its last id is unknown or what followed it is gone', async () => {
      const live = await stream();
      const ready = await live.next();

      const stranger = await stream('0badc0de-3');
      const resync = await stranger.next();
      expect(resync.event).toBe('resync');
      expect(JSON.parse(resync.data)).toEqual({ guildId, reason: 'unknown-event-id' });
      expect(resync.id).toMatch(/^[0-9a-f]{8}-\d+$/);

      // More than the 100 events a guild keeps.
      for (let i = 0; i < 101; i++) await publishQueue(queueEvent(guildId, `flood-${i}`));
      await live.next({ accept: (e) => JSON.parse(e.data).cause === 'flood-100' });
      const late = await stream(ready.id);
      const gone = await late.next();
      expect(gone.event).toBe('resync');
      expect(JSON.parse(gone.data)).toEqual({ guildId, reason: 'events-dropped' });
    });

    it('answers an anonymous stream request 401 in the error shape, not a stream', async () => {
      const response = await fetch(`${base}/api/guilds/${guildId}/events`);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: string }).error).toBe('UNAUTHENTICATED');
    });
  });

  it('describes the routes in the OpenAPI document, with every operation type as the body', async () => {
    const document = (await panel.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const operations = document.paths['/api/guilds/{guildId}/queue/operations'].post;
    expect(Object.keys(operations.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409', '503']),
    );
    const body = JSON.stringify(operations.requestBody);
    for (const type of [
      'add',
      'skip',
      'seek',
      'pause',
      'resume',
      'move',
      'remove',
      'clear',
      'volume',
      'loop',
      'shuffle',
    ]) {
      expect(
        body.includes(`"${type}"`) || JSON.stringify(document.components).includes(`"${type}"`),
        type,
      ).toBe(true);
    }
    expect(document.paths['/api/guilds/{guildId}/queue'].get.tags).toEqual(['music']);
    const events = document.paths['/api/guilds/{guildId}/events'].get;
    expect(Object.keys(events.responses['200'].content)).toEqual(['text/event-stream']);
    expect(Object.keys(events.responses['401'].content)).toEqual(['application/json']);
    expect(events.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['guildId', 'lastEventId', 'last-event-id']),
    );
  });

  describe('without a gateway', () => {
    it('answers 503 GATEWAY_UNAVAILABLE when no gateway handles the music commands', async () => {
      await gateway.stop();
      const read = await owner.request({ method: 'GET', url: `/api/guilds/${guildId}/queue` });
      expect(read.statusCode).toBe(503);
      expect(read.json()).toMatchObject({ error: 'GATEWAY_UNAVAILABLE', details: { reason: 'NO_HANDLER' } });
      const change = await operate({ type: 'skip' });
      expect(change.statusCode).toBe(503);
      expect(change.json().error).toBe('GATEWAY_UNAVAILABLE');
    });

    it('ends open streams when the server closes, so shutting down does not wait for them', async () => {
      const open = await stream();
      await open.next();
      await panel.app.close();
      await open.ended;
    });
  });
});

/** The position part of an event id (`<epoch>-<seq>`). */
function seqOf(id: string | undefined): number {
  const match = /^[0-9a-f]{8}-(\d+)$/.exec(id ?? '');
  if (!match) throw new Error(`not an event id: ${id}`);
  return Number(match[1]);
}
