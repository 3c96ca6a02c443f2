import { execFile } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegChildEnv, ffmpegPath } from '../media/index.ts';
import { classifyAddress, createNetGuard, type NetGuard, NetGuardError } from './index.ts';

/** A listener on loopback that counts every connection: the target an attacker wants reached. */
let target: Server;
let targetPort = 0;
let targetConnections = 0;
/** The "attacker": a public web server (here on loopback, allowed by name) that redirects inward. */
let attacker: Server;
let attackerPort = 0;
let guard: NetGuard;

const listen = async (server: Server, host = '127.0.0.1') => {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
};

beforeAll(async () => {
  target = createServer((_req, res) => res.end('internal document'));
  target.on('connection', () => {
    targetConnections += 1;
  });
  targetPort = await listen(target, '::');
  attacker = createServer((req, res) => {
    const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
    if (to) res.writeHead(302, { location: to.replace('PORT', String(targetPort)) }).end();
    else res.writeHead(200, { 'content-type': 'audio/mpeg' }).end('ID3');
  });
  attackerPort = await listen(attacker);
  // attacker.test stands for a public name; it is allowed by name so only its redirects matter.
  guard = createNetGuard({
    allow: ['attacker.test'],
    resolve: async (host) => {
      if (host === 'attacker.test') return [{ address: '127.0.0.1', family: 4 }];
      if (host === 'rebind.test') return [{ address: '127.0.0.1', family: 4 }];
      if (host === 'split.test')
        return [
          { address: '93.184.215.14', family: 4 },
          { address: '10.0.0.7', family: 4 },
        ];
      const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      if (host !== 'localhost') throw error;
      return [{ address: '127.0.0.1', family: 4 }];
    },
  });
});

afterAll(async () => {
  await guard?.close();
  target?.close();
  attacker?.close();
});

const INTERNAL_TARGETS = [
  'http://127.0.0.1:PORT/secret',
  'http://0x7f000001:PORT/secret',
  'http://2130706433:PORT/secret',
  'http://0177.0.0.1:PORT/secret',
  'http://127.1:PORT/secret',
  'http://[::1]:PORT/secret',
  'http://[::ffff:127.0.0.1]:PORT/secret',
  'http://0.0.0.0:PORT/secret',
  'http://localhost:PORT/secret',
  'http://rebind.test:PORT/secret',
  'http://169.254.169.254/latest/meta-data/',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://10.0.0.1:PORT/',
  'http://192.168.1.1/',
  'http://[fd00:ec2::254]/',
];

describe('the net guard', () => {
  it.each(INTERNAL_TARGETS)('refuses a redirect to %s and never connects there', async (to) => {
    const before = targetConnections;
    const url = new URL(`http://attacker.test:${attackerPort}/x.m3u?to=${encodeURIComponent(to)}`);
    const refusal = await guard.fetch(url).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(NetGuardError);
    expect((refusal as NetGuardError).message).toBe('This URL is not allowed.');
    expect((refusal as NetGuardError).code).toBe('URL_NOT_ALLOWED');
    expect(targetConnections).toBe(before);
  });

  it.each(INTERNAL_TARGETS)('refuses %s asked for directly', async (to) => {
    const before = targetConnections;
    await expect(guard.fetch(new URL(to.replace('PORT', String(targetPort))))).rejects.toMatchObject({
      message: 'This URL is not allowed.',
    });
    expect(targetConnections).toBe(before);
  });

  it('refuses a name when any of its addresses is private', async () => {
    await expect(guard.check(new URL('http://split.test/'))).rejects.toMatchObject({
      code: 'URL_NOT_ALLOWED',
    });
  });

  it('follows redirects it allows and says which URL answered', async () => {
    const url = new URL(`http://attacker.test:${attackerPort}/a?to=${encodeURIComponent('/final.mp3')}`);
    const { response, url: final } = await guard.fetch(url);
    expect(response.status).toBe(200);
    expect(final.pathname).toBe('/final.mp3');
    await response.body?.cancel();
  });

  it('gives up after too many redirects with the generic message', async () => {
    const loop = `http://attacker.test:${attackerPort}/loop`;
    const url = new URL(`${loop}?to=${encodeURIComponent(loop)}`);
    const bounded = createNetGuard({
      allow: ['attacker.test'],
      maxRedirects: 1,
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    // /loop?to=… redirects to /loop, which answers 200: two hops are one redirect too many here.
    await expect(bounded.fetch(new URL(`${url.href}`), {})).resolves.toBeTruthy();
    const twice = new URL(`${loop}?to=${encodeURIComponent(`${loop}?to=${encodeURIComponent(loop)}`)}`);
    await expect(bounded.fetch(twice)).rejects.toMatchObject({ message: 'The URL could not be loaded.' });
    await bounded.close();
  });

  it('lets an operator allow an internal address, and deny a public one', async () => {
    const allowing = createNetGuard({ allow: ['127.0.0.0/8'] });
    const { response } = await allowing.fetch(new URL(`http://127.0.0.1:${targetPort}/`));
    expect(await response.text()).toBe('internal document');
    await allowing.close();
    const denying = createNetGuard({ deny: ['8.8.8.0/24', 'blocked.example'] });
    await expect(denying.check(new URL('http://8.8.8.8/'))).rejects.toMatchObject({
      code: 'URL_NOT_ALLOWED',
    });
    await expect(denying.check(new URL('http://blocked.example/'))).rejects.toMatchObject({
      code: 'URL_NOT_ALLOWED',
    });
    await denying.close();
  });

  it('refuses schemes other than http(s)', async () => {
    await expect(guard.check(new URL('file:///etc/passwd'))).rejects.toMatchObject({
      code: 'URL_NOT_ALLOWED',
    });
  });
});

describe('address classification', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '0.1.2.3',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd00:ec2::254',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::127.0.0.1',
    '64:ff9b::7f00:1',
    '64:ff9b::a9fe:a9fe',
    'ff02::1',
  ])('blocks %s', (address) => {
    expect(classifyAddress(address).allowed).toBe(false);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700::1111', '64:ff9b::808:808', '::ffff:8.8.8.8'])(
    'allows public %s',
    (address) => {
      expect(classifyAddress(address).allowed).toBe(true);
    },
  );
});

describe('the proxy for ffmpeg', () => {
  const viaProxy = (proxy: string, absolute: string) =>
    new Promise<number>((resolve, reject) => {
      const { port } = new URL(proxy);
      const req = request(
        { host: '127.0.0.1', port, path: absolute, headers: { host: new URL(absolute).host } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });

  it('refuses plain requests and CONNECT tunnels to internal targets', async () => {
    const proxy = await guard.proxyUrl();
    const before = targetConnections;
    expect(await viaProxy(proxy, `http://127.0.0.1:${targetPort}/secret`)).toBe(403);
    expect(await viaProxy(proxy, `http://localhost:${targetPort}/secret`)).toBe(403);
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(new URL(proxy).port), '127.0.0.1', () => {
        socket.write(`CONNECT 127.0.0.1:${targetPort} HTTP/1.1\r\nHost: 127.0.0.1:${targetPort}\r\n\r\n`);
      });
      socket.once('data', (data) => {
        resolve(data.toString().split('\r\n')[0] ?? '');
        socket.destroy();
      });
    });
    expect(answer).toBe('HTTP/1.1 403 Forbidden');
    expect(targetConnections).toBe(before);
  });

  it('keeps ffmpeg from following a redirect to loopback', async () => {
    const proxy = await guard.proxyUrl();
    const before = targetConnections;
    const to = encodeURIComponent(`http://127.0.0.1:${targetPort}/secret.mp3`);
    const stderr = await new Promise<string>((resolve) => {
      execFile(
        ffmpegPath(),
        [
          ...['-hide_banner', '-nostdin', '-protocol_whitelist', 'http,https,tcp,tls,httpproxy'],
          ...['-http_proxy', proxy, '-i', `http://attacker.test:${attackerPort}/a.mp3?to=${to}`],
        ],
        { env: { ...ffmpegChildEnv(), no_proxy: '' } },
        (_error, _stdout, text) => resolve(text),
      );
    });
    expect(stderr).toMatch(/403/);
    expect(targetConnections).toBe(before);
  });
});
