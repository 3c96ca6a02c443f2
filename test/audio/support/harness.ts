/**
 * Starts the audio server on a free port with the fake sources and engine, and a websocket
 * client that records every message, for the server's unit tests.
 */
import type { IncomingMessage } from 'node:http';
import { Registry } from 'prom-client';
import { WebSocket } from 'ws';
import {
  type AudioServer,
  type AudioServerOptions,
  createAudioServer,
} from '../../../src/audio/server/index.ts';
import { errorResponseSchema, type ServerMessage, serverMessageSchema } from '../../../src/lavalink/index.ts';
import { silentLogger } from '../../../src/logging/index.ts';
import { eventually } from '../../support/eventually.ts';
import { FakeEngineFactory, FakeSources } from './fake-node-parts.ts';

export { eventually };

export const PASSWORD = 'test-password';
export const BOT_USER_ID = '900000000000000001';

export interface TestNode {
  server: AudioServer;
  sources: FakeSources;
  engines: FakeEngineFactory;
  registry: Registry;
  baseUrl: string;
  wsUrl: string;
  /** A REST call with the password; `body` is sent as JSON. */
  rest(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

export async function startTestNode(options: Partial<AudioServerOptions> = {}): Promise<TestNode> {
  const sources = new FakeSources();
  const engines = new FakeEngineFactory();
  const registry = new Registry();
  const server = createAudioServer({
    password: PASSWORD,
    sources,
    engines,
    logger: silentLogger(),
    metrics: registry,
    playerUpdateIntervalMs: 100,
    statsIntervalMs: 60_000,
    ...options,
  });
  const address = await server.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${address.port}`;
  return {
    server,
    sources,
    engines,
    registry,
    baseUrl,
    wsUrl: `ws://127.0.0.1:${address.port}/v4/websocket`,
    rest(method, path, body, headers = {}) {
      return fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          Authorization: PASSWORD,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
  };
}

/** A websocket client that keeps every (schema-checked) message it receives. */
export class RecordingClient {
  readonly messages: ServerMessage[] = [];
  upgradeHeaders: IncomingMessage['headers'] = {};
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('upgrade', (response) => {
      this.upgradeHeaders = response.headers;
    });
    socket.on('message', (data) => {
      // Every message the node sends must match the protocol schema.
      this.messages.push(serverMessageSchema.parse(JSON.parse(data.toString())));
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async connect(node: TestNode, headers: Record<string, string> = {}): Promise<RecordingClient> {
    const socket = new WebSocket(node.wsUrl, {
      headers: {
        Authorization: PASSWORD,
        'User-Id': BOT_USER_ID,
        'Client-Name': 'test-client/1.0',
        ...headers,
      },
    });
    const client = new RecordingClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  /** Resolves with the first message (from `from` on) matching `predicate`. */
  async waitFor<T extends ServerMessage>(
    predicate: (message: ServerMessage) => message is T,
    { from = 0, timeoutMs = 3000 } = {},
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message; got ${JSON.stringify(this.messages.slice(from))}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  async ready(): Promise<Extract<ServerMessage, { op: 'ready' }>> {
    return this.waitFor((m): m is Extract<ServerMessage, { op: 'ready' }> => m.op === 'ready');
  }

  events(guildId?: string): Extract<ServerMessage, { op: 'event' }>[] {
    return this.messages.filter(
      (m): m is Extract<ServerMessage, { op: 'event' }> =>
        m.op === 'event' && (!guildId || m.guildId === guildId),
    );
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** Type guard for one event type. */
export function isEvent<T extends Extract<ServerMessage, { op: 'event' }>['type']>(
  type: T,
  guildId?: string,
) {
  return (message: ServerMessage): message is Extract<ServerMessage, { op: 'event'; type: T }> =>
    message.op === 'event' && message.type === type && (!guildId || message.guildId === guildId);
}

/** The message of a Lavalink error answer (the body is checked against the error schema). */
export async function errorMessage(response: Response): Promise<string> {
  return errorResponseSchema.parse(await response.json()).message;
}
