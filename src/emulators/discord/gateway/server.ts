import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { World } from '../domain/world.ts';
import { GatewayConnection } from './connection.ts';
import type { GatewayHub } from './hub.ts';
import { Close } from './protocol.ts';

export interface GatewayServerOptions {
  /** The path the gateway listens on (the URL of GET /gateway/bot). */
  path: string;
  heartbeatIntervalMs: number;
  gatewayUrl: () => string;
  maxGuildsPerShard: number;
}

/**
 * Accepts gateway websockets on the HTTP server's upgrade path. `?v=10&encoding=json` is required
 * (or omitted); other versions close with 4012, other encodings or compression with 4002.
 */
export class GatewayServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 * 1024 });
  private readonly connections = new Set<GatewayConnection>();

  constructor(
    private readonly world: World,
    private readonly hub: GatewayHub,
    private readonly options: GatewayServerOptions,
  ) {}

  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(request.url ?? '/', 'http://emulator');
      const path = url.pathname.replace(/\/+$/, '') || '/';
      if (path !== this.options.path) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        const version = url.searchParams.get('v');
        const encoding = url.searchParams.get('encoding');
        if (version !== null && version !== '10') {
          ws.close(Close.INVALID_API_VERSION, 'Invalid API version.');
          return;
        }
        if ((encoding !== null && encoding !== 'json') || url.searchParams.has('compress')) {
          ws.close(Close.DECODE_ERROR, 'Only encoding=json without compression is supported.');
          return;
        }
        const connection = new GatewayConnection(ws, this.world, this.hub, {
          heartbeatIntervalMs: this.options.heartbeatIntervalMs,
          gatewayUrl: this.options.gatewayUrl(),
          maxGuildsPerShard: this.options.maxGuildsPerShard,
        });
        this.connections.add(connection);
        ws.on('close', () => this.connections.delete(connection));
      });
    });
  }

  close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}
