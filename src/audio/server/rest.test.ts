import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { z } from 'zod';
import { fakeTrack } from '../../../test/audio/support/fake-node-parts.ts';
import {
  BOT_USER_ID,
  errorMessage,
  RecordingClient,
  startTestNode,
  type TestNode,
} from '../../../test/audio/support/harness.ts';
import {
  encodeTrack,
  errorResponseSchema,
  infoSchema,
  loadResultSchema,
  statsSchema,
  trackSchema,
} from '../../lavalink/index.ts';
import { AUDIO_NODE_VERSION } from './index.ts';

let node: TestNode;

beforeEach(async () => {
  node = await startTestNode({ supportedFilters: ['volume', 'equalizer', 'timescale'] });
});

afterEach(async () => {
  await node.server.close();
});

/** The status of a refused websocket handshake. */
function handshakeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => reject(new Error('the handshake was accepted')));
    socket.once('error', () => {});
  });
}

describe('authorization and errors', () => {
  it('answers 401 in Lavalink error shape without the right password, on every route', async () => {
    for (const path of [
      '/version',
      '/v4/info',
      '/v4/stats',
      '/v4/loadtracks?identifier=x',
      '/v4/sessions/a/players',
    ]) {
      for (const headers of [{}, { Authorization: 'wrong' }]) {
        const response = await fetch(`${node.baseUrl}${path}`, {
          headers: headers as Record<string, string>,
        });
        expect(response.status, path).toBe(401);
        const body = errorResponseSchema.parse(await response.json());
        expect(body).toMatchObject({ status: 401, error: 'Unauthorized', path: path.split('?')[0] });
        expect(body.trace).toBeUndefined();
      }
    }
  });

  it('refuses the websocket handshake: 401 wrong password, 400 without User-Id, 404 elsewhere', async () => {
    const headers = { Authorization: 'test-password', 'User-Id': BOT_USER_ID };
    expect(await handshakeStatus(node.wsUrl, { ...headers, Authorization: 'nope' })).toBe(401);
    expect(await handshakeStatus(node.wsUrl, { Authorization: 'test-password' })).toBe(400);
    expect(await handshakeStatus(node.wsUrl.replace('/v4/websocket', '/v3/websocket'), headers)).toBe(404);
  });

  it('adds the stack trace only with ?trace=true, and 404s unknown routes', async () => {
    const plain = errorResponseSchema.parse(await (await node.rest('GET', '/v4/nothing')).json());
    expect(plain).toMatchObject({ status: 404, error: 'Not Found', path: '/v4/nothing' });
    expect(plain.trace).toBeUndefined();
    const traced = errorResponseSchema.parse(
      await (await node.rest('GET', '/v4/decodetrack?encodedTrack=zz&trace=true')).json(),
    );
    expect(traced.status).toBe(400);
    expect(traced.trace).toMatch(/LavalinkHttpError/);
  });
});

describe('node routes', () => {
  it('/version is plain text and every answer carries Lavalink-Api-Version: 4', async () => {
    const response = await node.rest('GET', '/version');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(response.headers.get('lavalink-api-version')).toBe('4');
    expect(await response.text()).toBe(AUDIO_NODE_VERSION);
  });

  it('/v4/info lists the real sources and the supported filters', async () => {
    const info = infoSchema.parse(await (await node.rest('GET', '/v4/info')).json());
    expect(info.version).toMatchObject({ major: 4, minor: 0, patch: 0, preRelease: 'gramophone' });
    expect(info.jvm).toBe(process.versions.node);
    expect(info.lavaplayer).toMatch(/^gramophone\//);
    expect(info.sourceManagers).toEqual(['http', 'local']);
    expect(info.filters).toEqual(['volume', 'equalizer', 'timescale']);
    expect(info.plugins).toEqual([]);
  });

  it('/v4/stats has no frameStats and counts players across sessions', async () => {
    const client = await RecordingClient.connect(node);
    const { sessionId } = await client.ready();
    await node.rest('PATCH', `/v4/sessions/${sessionId}/players/1`, { volume: 50 });
    const stats = statsSchema.parse(await (await node.rest('GET', '/v4/stats')).json());
    expect(stats).not.toHaveProperty('frameStats');
    expect(stats.players).toBe(1);
    expect(stats.playingPlayers).toBe(0);
    expect(stats.cpu.cores).toBeGreaterThan(0);
    expect(stats.memory.used).toBeGreaterThan(0);
    await client.close();
  });
});

describe('track routes', () => {
  it('/v4/loadtracks answers what the sources load, and 400 without an identifier', async () => {
    const track = fakeTrack('https://example.org/a.mp3');
    node.sources.results.set('https://example.org/a.mp3', { loadType: 'track', data: track });
    node.sources.results.set('https://unreachable.invalid/x.mp3', {
      loadType: 'error',
      data: {
        message: 'Could not reach unreachable.invalid: the name does not resolve',
        severity: 'common',
        cause: 'ENOTFOUND',
      },
    });

    const loaded = loadResultSchema.parse(
      await (
        await node.rest('GET', `/v4/loadtracks?identifier=${encodeURIComponent('https://example.org/a.mp3')}`)
      ).json(),
    );
    expect(loaded).toEqual({ loadType: 'track', data: track });
    const failed = loadResultSchema.parse(
      await (
        await node.rest('GET', '/v4/loadtracks?identifier=https%3A%2F%2Funreachable.invalid%2Fx.mp3')
      ).json(),
    );
    expect(failed).toMatchObject({ loadType: 'error', data: { message: /the name does not resolve/ } });
    const nothing = await node.rest('GET', '/v4/loadtracks?identifier=nothing-here');
    expect(await nothing.json()).toEqual({ loadType: 'empty', data: {} });

    const missing = await node.rest('GET', '/v4/loadtracks');
    expect(missing.status).toBe(400);
    expect(await errorMessage(missing)).toMatch(/identifier/);
  });

  it('turns a source that throws into an error result', async () => {
    node.sources.load = async () => {
      throw new Error('disk on fire');
    };
    const result = loadResultSchema.parse(
      await (await node.rest('GET', '/v4/loadtracks?identifier=x')).json(),
    );
    expect(result).toEqual({
      loadType: 'error',
      data: { message: 'disk on fire', severity: 'fault', cause: 'Error: disk on fire' },
    });
  });

  it('decodes one track and many, and refuses garbage with 400', async () => {
    const track = fakeTrack('/music/b.flac', 1000, 'local');
    const one = trackSchema.parse(
      await (
        await node.rest('GET', `/v4/decodetrack?encodedTrack=${encodeURIComponent(track.encoded)}`)
      ).json(),
    );
    expect(one).toEqual(track);
    const many = await node.rest('POST', '/v4/decodetracks', [
      track.encoded,
      encodeTrack({ ...track.info, title: 'B' }),
    ]);
    expect(
      z
        .array(trackSchema)
        .parse(await many.json())
        .map((t) => t.info.title),
    ).toEqual([track.info.title, 'B']);

    const bad = await node.rest('GET', '/v4/decodetrack?encodedTrack=bm90IGEgdHJhY2s=');
    expect(bad.status).toBe(400);
    expect(await errorMessage(bad)).toMatch(/Failed to decode track/);
    expect((await node.rest('GET', '/v4/decodetrack')).status).toBe(400);
    expect((await node.rest('POST', '/v4/decodetracks', [])).status).toBe(400);
    expect((await node.rest('POST', '/v4/decodetracks', { tracks: 1 })).status).toBe(400);
  });

  it('answers 400 for malformed JSON', async () => {
    const response = await fetch(`${node.baseUrl}/v4/decodetracks`, {
      method: 'POST',
      headers: { Authorization: 'test-password', 'Content-Type': 'application/json' },
      body: '["unterminated',
    });
    expect(response.status).toBe(400);
    const body = errorResponseSchema.parse(await response.json());
    expect(body.message).toMatch(/JSON/);
  });
});
