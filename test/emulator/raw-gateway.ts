import { WebSocket } from 'ws';

/** A gateway payload as received. */
export interface Payload {
  op: number;
  t: string | null;
  s: number | null;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect payloads of every shape; their assertions check them.
  d: any;
}

/**
 * A bare gateway client for protocol tests: records every payload, lets a test wait for one, and
 * reports the close code. It never heartbeats on its own.
 */
export class RawGateway {
  readonly received: Payload[] = [];
  readonly closed: Promise<number>;
  private readonly socket: WebSocket;
  private waiters: { predicate: (p: Payload) => boolean; resolve: (p: Payload) => void }[] = [];

  private constructor(url: string) {
    this.socket = new WebSocket(url);
    this.socket.on('message', (data) => {
      const payload = JSON.parse(data.toString()) as Payload;
      this.received.push(payload);
      this.waiters = this.waiters.filter((w) => {
        if (!w.predicate(payload)) return true;
        w.resolve(payload);
        return false;
      });
    });
    this.closed = new Promise((resolve) => this.socket.on('close', (code) => resolve(code)));
  }

  static async open(gatewayUrl: string, query = '?v=10&encoding=json'): Promise<RawGateway> {
    const gateway = new RawGateway(`${gatewayUrl}${query}`);
    await new Promise<void>((resolve, reject) => {
      gateway.socket.once('open', () => resolve());
      gateway.socket.once('error', reject);
    });
    return gateway;
  }

  /** Opens, waits for HELLO and identifies; resolves with READY's data. */
  static async identify(
    gatewayUrl: string,
    token: string,
    intents: number,
    shard?: [number, number],
  ): Promise<RawGateway> {
    const gateway = await RawGateway.open(gatewayUrl);
    await gateway.next((p) => p.op === 10);
    gateway.send(2, {
      token,
      intents,
      properties: { os: 'linux', browser: 'test', device: 'test' },
      ...(shard ? { shard } : {}),
    });
    await gateway.next((p) => p.t === 'READY');
    return gateway;
  }

  send(op: number, d: unknown): void {
    this.socket.send(JSON.stringify({ op, d }));
  }

  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** The first payload (already received or coming) that matches. */
  next(predicate: (p: Payload) => boolean, timeoutMs = 3_000): Promise<Payload> {
    const seen = this.received.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching gateway payload in time')), timeoutMs);
      this.waiters.push({
        predicate,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  dispatches(t: string): Payload[] {
    return this.received.filter((p) => p.t === t);
  }

  get ready(): Payload {
    const ready = this.received.find((p) => p.t === 'READY');
    if (!ready) throw new Error('not ready');
    return ready;
  }

  /** Closes with a code; non-1000 codes keep the session resumable. */
  close(code = 1000): void {
    this.socket.close(code);
  }

  terminate(): void {
    this.socket.terminate();
  }
}
