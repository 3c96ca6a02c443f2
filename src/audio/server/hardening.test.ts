import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { BOT_USER_ID, startTestNode, type TestNode } from '../../../test/audio/support/harness.ts';
import { hostCheck, isLoopbackHost } from './host-check.ts';

let node: TestNode;
const PASSWORD = 'youshallnotpass';

beforeEach(async () => {
  node = await startTestNode({ password: PASSWORD, allowedHosts: ['lavalink.internal'] });
});

afterEach(async () => {
  await node.server.close();
});

/** A raw request: status and the Content-Type header exactly as sent. */
function raw(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; contentType: string }> {
  const { port } = new URL(node.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, setHost: false }, (res) => {
      res.resume();
      const index = res.rawHeaders.findIndex((name) => name.toLowerCase() === 'content-type');
      resolve({
        status: res.statusCode ?? 0,
        contentType: index >= 0 ? (res.rawHeaders[index + 1] ?? '') : '',
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('JSON responses', () => {
  it('say exactly application/json, as Lavalink does, for answers and errors', async () => {
    const host = { host: 'localhost' };
    for (const [path, headers, status] of [
      ['/v4/info', { ...host, authorization: PASSWORD }, 200],
      ['/v4/stats', { ...host, authorization: PASSWORD }, 200],
      ['/v4/loadtracks?identifier=x', { ...host, authorization: PASSWORD }, 200],
      ['/v4/nothing', { ...host, authorization: PASSWORD }, 404],
      ['/v4/info', host, 401],
    ] as const) {
      const answer = await raw(path, headers);
      expect(answer, path).toEqual({ status, contentType: 'application/json' });
    }
  });
});

describe('the Host check on a loopback node', () => {
  it('refuses a foreign Host (DNS rebinding) with 403 and accepts loopback and configured names', async () => {
    const { port } = new URL(node.baseUrl);
    expect((await raw('/v4/info', { host: `evil.example:${port}`, authorization: PASSWORD })).status).toBe(
      403,
    );
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'lavalink.internal']) {
      expect((await raw('/v4/info', { host, authorization: PASSWORD })).status, host).toBe(200);
    }
  });

  it('refuses the websocket handshake under a foreign Host', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(node.wsUrl, {
        headers: { Authorization: PASSWORD, 'User-Id': BOT_USER_ID, Host: 'evil.example' },
      });
      socket.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        socket.terminate();
      });
      socket.once('open', () => reject(new Error('the handshake was accepted')));
      socket.once('error', () => {});
    });
    expect(status).toBe(403);
  });

  it('knows loopback listen addresses and Host names', () => {
    expect(['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2'].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['0.0.0.0', '::', '10.0.0.1', 'example.com'].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    const allowed = hostCheck(['node.lan']);
    expect([
      allowed('node.lan:2333'),
      allowed('NODE.lan.'),
      allowed('other.lan'),
      allowed(undefined),
    ]).toEqual([true, true, false, false]);
  });
});
