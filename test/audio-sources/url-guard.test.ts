import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceManager } from '../../src/audio/contracts.ts';
import { createSourceManager } from '../../src/audio/sources/index.ts';
import { silentLogger } from '../../src/logging/index.ts';
import { createNetGuard, type NetGuard } from '../../src/net-guard/index.ts';

/**
 * The node's side of SSRF: a member's URL on a "public" server (attacker.test, allowed by name)
 * redirects to, or lists, internal targets; the node must never connect to them and must answer
 * only that the URL is not allowed.
 */
let target: Server;
let targetPort = 0;
let targetConnections = 0;
let attacker: Server;
let attackerPort = 0;
let guard: NetGuard;
let sources: SourceManager;

const listen = async (server: Server, host: string) => {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
};

beforeAll(async () => {
  target = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('secret'));
  target.on('connection', () => {
    targetConnections += 1;
  });
  targetPort = await listen(target, '::');
  attacker = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const to = url.searchParams.get('to');
    if (to) {
      res.writeHead(302, { location: to.replace('PORT', String(targetPort)) }).end();
    } else if (url.pathname === '/list.txt') {
      // A playlist under a harmless name: its lines point inward, relative and absolute.
      res.writeHead(200, { 'content-type': 'audio/x-mpegurl' });
      res.end(`#EXTM3U\nhttp://127.0.0.1:${targetPort}/a.mp3\nhttp://[::1]:${targetPort}/b.mp3\n`);
    } else {
      res.writeHead(404).end();
    }
  });
  attackerPort = await listen(attacker, '127.0.0.1');
  guard = createNetGuard({
    allow: ['attacker.test'],
    resolve: async (host) => [{ address: '127.0.0.1', family: 4 }].filter(() => host !== ''),
  });
  sources = await createSourceManager({
    localDirs: [],
    logger: silentLogger(),
    netGuard: guard,
    fetchTimeoutMs: 5000,
  });
});

afterAll(async () => {
  await sources?.close();
  await guard?.close();
  target?.close();
  attacker?.close();
});

describe('loading a user URL that points inward', () => {
  it.each([
    'http://127.0.0.1:PORT/x.m3u',
    'http://0x7f000001:PORT/x.m3u',
    'http://2130706433:PORT/x.m3u',
    'http://[::1]:PORT/x.m3u',
    'http://[::ffff:127.0.0.1]:PORT/x.m3u',
    'http://0.0.0.0:PORT/x.m3u',
    'http://localhost:PORT/x.m3u',
    'http://169.254.169.254/latest/meta-data/',
  ])('answers only "not allowed" for a redirect to %s, and never connects', async (to) => {
    const before = targetConnections;
    const result = await sources.load(
      `http://attacker.test:${attackerPort}/x.m3u?to=${encodeURIComponent(to)}`,
    );
    expect(result).toEqual({
      loadType: 'error',
      data: { message: 'This URL is not allowed.', severity: 'common', cause: 'URL_NOT_ALLOWED' },
    });
    expect(targetConnections).toBe(before);
  });

  it('does not fetch the internal entries of a playlist', async () => {
    const before = targetConnections;
    const result = await sources.load(`http://attacker.test:${attackerPort}/list.txt`);
    expect(result.loadType).toBe('error');
    expect(targetConnections).toBe(before);
  });

  it('refuses internal URLs asked for directly, and by the default guard', async () => {
    const plain = await createSourceManager({ localDirs: [], logger: silentLogger() });
    try {
      const before = targetConnections;
      const result = await plain.load(`http://127.0.0.1:${targetPort}/a.mp3`);
      expect(result).toMatchObject({ loadType: 'error', data: { message: 'This URL is not allowed.' } });
      await expect(
        plain.open({
          identifier: `http://127.0.0.1:${targetPort}/a.mp3`,
          uri: `http://127.0.0.1:${targetPort}/a.mp3`,
          sourceName: 'http',
          title: 'a',
          author: '',
          length: 0,
          isStream: false,
          isSeekable: true,
          position: 0,
          artworkUrl: null,
          isrc: null,
        }),
      ).rejects.toMatchObject({ message: 'This URL is not allowed.' });
      expect(targetConnections).toBe(before);
    } finally {
      await plain.close();
    }
  });
});
