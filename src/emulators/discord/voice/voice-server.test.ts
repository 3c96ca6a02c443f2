import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { buildIpDiscoveryResponse } from './ip-discovery.ts';
import { encryptRtpPacket } from './transport-crypto.ts';
import { type VoiceAllocateInput, VoiceServer } from './voice-server.ts';

const run = promisify(execFile);

interface Message {
  op: number;
  d: Record<string, unknown> | null;
  seq?: number;
}

/** A bare voice websocket client that queues what the server sends. */
class TestClient {
  private readonly queue: Message[] = [];
  private waiters: (() => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      this.queue.push(JSON.parse(raw.toString()) as Message);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static async open(endpoint: string, ca: string, query = '?v=8'): Promise<TestClient> {
    const client = new TestClient(new WebSocket(`wss://${endpoint}${query}`, { ca }));
    await once(client.socket, 'open');
    return client;
  }

  send(op: number, d: unknown): void {
    this.socket.send(JSON.stringify({ op, d }));
  }

  async next(op: number): Promise<Message> {
    for (;;) {
      const index = this.queue.findIndex((message) => message.op === op);
      if (index >= 0) return this.queue.splice(index, 1)[0] as Message;
      await new Promise<void>((resolve, reject) => {
        this.waiters.push(resolve);
        setTimeout(() => reject(new Error(`no op ${op} within 3 s`)), 3000).unref();
      });
    }
  }
}

describe('VoiceServer protocol (gateway v8 + UDP)', () => {
  let certDir: string;
  let ca: string;
  let server: VoiceServer;
  let udp: Socket;
  const clients: TestClient[] = [];
  let counter = 0;

  const member = (): VoiceAllocateInput => {
    counter += 1;
    return {
      guildId: `3000000000000000${counter}`,
      channelId: '4000000000000001',
      userId: '5000000000000001',
      sessionId: `session-${counter}`,
    };
  };
  const open = async (query?: string) => {
    const client = await TestClient.open(server.endpoint, ca, query);
    clients.push(client);
    return client;
  };
  const identify = (client: TestClient, input: VoiceAllocateInput, token: string) =>
    client.send(0, {
      server_id: input.guildId,
      user_id: input.userId,
      session_id: input.sessionId,
      token,
      max_dave_protocol_version: 1,
    });
  const udpRoundTrip = async (packet: Buffer): Promise<Buffer> => {
    const reply = once(udp, 'message');
    udp.send(packet, server.udpPort, '127.0.0.1');
    return ((await reply) as [Buffer])[0];
  };

  beforeAll(async () => {
    certDir = await mkdtemp(join(tmpdir(), 'gramophone-voice-server-'));
    server = await VoiceServer.start({ certDir, heartbeatIntervalMs: 5_000 });
    ca = await readFile(server.certificates.caPath, 'utf8');
    udp = createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.socket.terminate();
  });
  afterAll(async () => {
    udp?.close();
    await server?.close();
    await rm(certDir, { recursive: true, force: true });
  });

  it('runs Hello, Identify, Ready, Select Protocol, Session Description, then decrypts RTP', async () => {
    const input = member();
    const { token, endpoint } = server.allocate(input);
    expect(endpoint).toBe(server.endpoint);
    const client = await open();
    expect((await client.next(8)).d).toEqual({ heartbeat_interval: 5_000 });
    client.send(3, { t: 1234, seq_ack: -1 });
    expect((await client.next(6)).d).toEqual({ t: 1234 });

    identify(client, input, token);
    const ready = await client.next(2);
    expect(ready.seq).toBe(1);
    const { ssrc, ip, port, modes } = ready.d as { ssrc: number; ip: string; port: number; modes: string[] };
    expect({ ip, port, modes }).toEqual({
      ip: '127.0.0.1',
      port: server.udpPort,
      modes: ['aead_aes256_gcm_rtpsize', 'aead_xchacha20_poly1305_rtpsize'],
    });

    // IP discovery answers with the address and port the request came from.
    const request = Buffer.alloc(74);
    request.writeUInt16BE(1, 0);
    request.writeUInt16BE(70, 2);
    request.writeUInt32BE(ssrc, 4);
    const answer = await udpRoundTrip(request);
    expect(answer).toEqual(buildIpDiscoveryResponse(ssrc, '127.0.0.1', udp.address().port));
    // Keep-alives come back unchanged.
    const keepAlive = Buffer.from([7, 0, 0, 0, 0, 0, 0, 0]);
    expect(await udpRoundTrip(keepAlive)).toEqual(keepAlive);

    client.send(1, {
      protocol: 'udp',
      data: { address: '127.0.0.1', port: udp.address().port, mode: 'aead_aes256_gcm_rtpsize' },
    });
    const description = await client.next(4);
    expect(description.seq).toBe(2);
    expect(description.d).toMatchObject({ mode: 'aead_aes256_gcm_rtpsize', dave_protocol_version: 0 });
    const key = Uint8Array.from((description.d as { secret_key: number[] }).secret_key);
    expect(key.length).toBe(32);

    client.send(5, { speaking: 1, delay: 0, ssrc });
    const opus = Buffer.from([0xfc, 0xff, 0xfe, 1, 2, 3]);
    for (let i = 0; i < 3; i += 1) {
      const packet = encryptRtpPacket({
        mode: 'aead_aes256_gcm_rtpsize',
        key,
        nonceCounter: i,
        sequence: 100 + i,
        timestamp: i * 960,
        ssrc,
        opus,
      });
      udp.send(packet, server.udpPort, '127.0.0.1');
    }
    const garbage = encryptRtpPacket({
      mode: 'aead_aes256_gcm_rtpsize',
      key: new Uint8Array(32),
      nonceCounter: 9,
      sequence: 103,
      timestamp: 2880,
      ssrc,
      opus,
    });
    udp.send(garbage, server.udpPort, '127.0.0.1');
    const stats = await server.waitForPackets(input.guildId, 3, 5_000);
    await expect.poll(() => server.getStats(input.guildId)?.decryptFailures, { timeout: 5_000 }).toBe(1);
    expect(stats).toMatchObject({
      ssrc,
      mode: 'aead_aes256_gcm_rtpsize',
      connected: true,
      speaking: 1,
      lost: 0,
      maxDaveProtocolVersion: 1,
    });
    expect(server.getStats(input.guildId)?.packets).toBe(4);
  });

  it('closes with 4004 on a wrong token, 4006 on a wrong session and 4003 before Identify', async () => {
    const input = member();
    const { token } = server.allocate(input);
    const wrongToken = await open();
    identify(wrongToken, input, 'not-the-token');
    expect((await wrongToken.closed).code).toBe(4004);

    const wrongSession = await open();
    identify(wrongSession, { ...input, sessionId: 'other' }, token);
    expect(await wrongSession.closed).toEqual({ code: 4006, reason: 'Session is no longer valid' });

    const early = await open();
    early.send(5, { speaking: 1, delay: 0, ssrc: 1 });
    expect((await early.closed).code).toBe(4003);

    const notJson = await open();
    notJson.socket.send('{nope');
    expect((await notJson.closed).code).toBe(4002);
  });

  it('refuses an unknown encryption mode with 4016 and a missing version with HTTP 400', async () => {
    const input = member();
    const { token } = server.allocate(input);
    const client = await open();
    identify(client, input, token);
    await client.next(2);
    client.send(1, { protocol: 'udp', data: { address: '127.0.0.1', port: 1, mode: 'xsalsa20_poly1305' } });
    expect((await client.closed).code).toBe(4016);

    const unversioned = new WebSocket(`wss://${server.endpoint}`, { ca });
    const [, response] = (await once(unversioned, 'unexpected-response')) as [
      unknown,
      { statusCode: number },
    ];
    expect(response.statusCode).toBe(400);
    // Listening to 'unexpected-response' leaves the aborted handshake to us; its error is expected.
    unversioned.on('error', () => {});
    unversioned.terminate();
  });

  it('resumes on a new socket and replays the messages after seq_ack', async () => {
    const input = member();
    const { token } = server.allocate(input);
    const first = await open();
    identify(first, input, token);
    await first.next(2);
    first.send(1, {
      protocol: 'udp',
      data: { address: '127.0.0.1', port: 1, mode: 'aead_xchacha20_poly1305_rtpsize' },
    });
    await first.next(4);
    first.socket.close(1000);
    await first.closed;
    await expect.poll(() => server.getStats(input.guildId)?.connected, { timeout: 5_000 }).toBe(false);

    const second = await open();
    second.send(7, { server_id: input.guildId, session_id: input.sessionId, token, seq_ack: 1 });
    await second.next(9);
    expect((await second.next(4)).seq).toBe(2); // Session Description, missed after seq 1
    expect(server.getStats(input.guildId)?.connected).toBe(true);

    const stranger = await open();
    stranger.send(7, { server_id: input.guildId, session_id: input.sessionId, token: 'forged', seq_ack: 2 });
    expect((await stranger.closed).code).toBe(4006);
  });

  it('closes the voice socket with 4014 on release and on a move to another channel', async () => {
    const input = member();
    const { token } = server.allocate(input);
    const client = await open();
    identify(client, input, token);
    await client.next(2);
    const moved = server.allocate({ ...input, channelId: '4000000000000002', sessionId: 'moved' });
    expect(moved.token).not.toBe(token);
    expect((await client.closed).code).toBe(4014);
    expect(
      server
        .listStats()
        .filter((s) => s.guildId === input.guildId)
        .map((s) => s.released),
    ).toEqual([true, false]);

    server.release(input.guildId, input.userId);
    expect(server.getStats(input.guildId)).toMatchObject({ channelId: '4000000000000002', released: true });
    expect(server.getStats(input.guildId, { channelId: '4000000000000001' })?.sessionId).toBe(
      input.sessionId,
    );
  });

  it('reports a clear error when packets do not arrive and when a guild has no connection', async () => {
    const input = member();
    server.allocate(input);
    await expect(server.waitForPackets(input.guildId, 1, 100)).rejects.toThrow(/saw 0 of 1 packets/);
    expect(() => server.getPcm('1')).toThrow(/no voice connection recorded for guild 1/);
    expect(() => server.allocate({ ...input, guildId: 'abc' })).toThrow(
      /invalid voice allocation: .*guildId/,
    );
  });

  it('is trusted through NODE_EXTRA_CA_CERTS only; without it a fresh process refuses the certificate', async () => {
    const probe = `require('https').get('https://${server.endpoint}/?v=8', (r) => { console.log('status ' + r.statusCode); process.exit(0); }).on('error', (e) => console.log(e.code))`;
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    const untrusted = await run(process.execPath, ['-e', probe], { env });
    expect(untrusted.stdout.trim()).toMatch(
      /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/,
    );
    const trusted = await run(process.execPath, ['-e', probe], {
      env: { ...env, NODE_EXTRA_CA_CERTS: server.certificates.caPath },
    });
    expect(trusted.stdout.trim()).toBe('status 426'); // TLS verified; ws wants an upgrade
  });
});
