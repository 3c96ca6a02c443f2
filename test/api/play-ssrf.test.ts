import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/http/index.ts';
import { LiveMusicService } from '../../src/music/api/live-music-service.ts';
import { type MusicStack, startMusicStack } from './music-stack.ts';

/**
 * Server-side request forgery through what members paste (docs/security.md): `/play` and the
 * panel's `add` with a URL on a "public" server (127.0.0.2, the only address the node is told
 * to allow) that redirects to, or lists, internal addresses in every spelling. The internal
 * server never sees a connection, and the member is told only that the URL is not allowed —
 * nothing about what answered inside.
 */
const listen = async (server: Server, host: string) => {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
};

describe('URLs that lead inside', () => {
  let stack: MusicStack;
  let internal: Server;
  let internalPort = 0;
  let connections = 0;
  let attacker: Server;
  let attackerPort = 0;

  beforeAll(async () => {
    internal = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/plain' }).end('secret'),
    );
    internal.on('connection', () => {
      connections += 1;
    });
    internalPort = await listen(internal, '::');
    attacker = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const to = url.searchParams.get('to');
      if (to) return void res.writeHead(302, { location: to }).end();
      if (url.pathname === '/mix.m3u') {
        res.writeHead(200, { 'content-type': 'audio/x-mpegurl' });
        return void res.end(
          `#EXTM3U\nhttp://127.0.0.1:${internalPort}/a.mp3\nhttp://localhost:${internalPort}/b.mp3\n`,
        );
      }
      res.writeHead(404).end();
    });
    attackerPort = await listen(attacker, '127.0.0.2');
    stack = await startMusicStack('pglite', { AUDIO_HTTP_ALLOW: '127.0.0.2' });
    stack.emulator.control.joinVoice({ channelId: stack.ids.voiceChannelId, userId: stack.ids.ownerId });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await new Promise((resolve) => internal?.close(resolve));
  });

  const inside = () => [
    `http://127.0.0.1:${internalPort}/x.mp3`,
    `http://0x7f000001:${internalPort}/x.mp3`,
    `http://2130706433:${internalPort}/x.mp3`,
    `http://0177.0.0.1:${internalPort}/x.mp3`,
    `http://[::1]:${internalPort}/x.mp3`,
    `http://[::ffff:127.0.0.1]:${internalPort}/x.mp3`,
    `http://0.0.0.0:${internalPort}/x.mp3`,
    `http://localhost:${internalPort}/x.mp3`,
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/x.mp3',
    'http://192.168.1.1/x.mp3',
    'http://100.64.0.1/x.mp3',
    'http://[fd00::1]/x.mp3',
  ];
  /** What a member may learn: the URL is refused; of a playlist, that nothing in it plays. */
  const refusalOf = (url: string) =>
    url.endsWith('/mix.m3u') ? /no playable entries/ : /This URL is not allowed\./;
  /** What would tell internal services apart. */
  const LEAKS = /refused|401|text\/plain|secret|ECONN|timed out|not an audio file/i;
  const pasted = () => [
    ...inside(),
    ...inside().map((to) => `http://127.0.0.2:${attackerPort}/go.mp3?to=${encodeURIComponent(to)}`),
    `http://127.0.0.2:${attackerPort}/mix.m3u`,
  ];

  it('answers /play with "not allowed" only, and never connects inside', async () => {
    for (const url of pasted()) {
      const told = await stack.privateAnswer(await stack.slash(stack.ids.ownerId, 'play', { query: url }));
      expect(told, url).toMatch(refusalOf(url));
      expect(told, url).not.toMatch(LEAKS);
    }
    expect(connections).toBe(0);
  });

  it('answers the panel’s add the same way', async () => {
    const panel = new LiveMusicService(stack.bus);
    for (const url of pasted()) {
      const refusal = await panel
        .operate(stack.ids.guildId, stack.ids.ownerId, { type: 'add', query: url })
        .then(
          () => null,
          (error: unknown) => error,
        );
      expect(refusal, url).toBeInstanceOf(ApiError);
      expect((refusal as ApiError).message, url).toMatch(refusalOf(url));
      expect((refusal as ApiError).message, url).not.toMatch(LEAKS);
    }
    expect(connections).toBe(0);
    expect((await stack.snapshot()).current).toBeNull();
  });
});
