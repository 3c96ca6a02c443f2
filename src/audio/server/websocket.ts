import type { IncomingMessage, Server } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Logger } from '../../logging/index.ts';
import type { Session } from './session.ts';
import type { SessionHandshake, SessionRegistry } from './session-registry.ts';

export const WEBSOCKET_PATH = '/v4/websocket';
const USER_ID = /^\d{1,20}$/;
const CLOSE_GRACE_MS = 1000;

/** Options of {@link attachWebsocket}. */
export interface WebsocketOptions {
  server: Server;
  sessions: SessionRegistry;
  logger: Logger;
  /** Checks the `Authorization` header. */
  authorized(header: string | undefined): boolean;
  /** Checks the `Host` header (DNS rebinding); true when not checked. */
  hostAllowed(header: string | undefined): boolean;
}

/**
 * Serves `/v4/websocket` on the REST server's port. The handshake is refused with 401 for a
 * wrong password and 400 without a valid `User-Id`; a `Session-Id` of a session waiting for its
 * client resumes it, which the `Session-Resumed: true` response header (and `ready`) tell.
 */
export function attachWebsocket(options: WebsocketOptions): { close(): Promise<void> } {
  const { sessions, logger } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const resuming = new WeakMap<IncomingMessage, Session | undefined>();
  wss.on('headers', (headers, request) => {
    headers.push(`Session-Resumed: ${resuming.get(request) !== undefined}`, 'Lavalink-Api-Version: 4');
  });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path !== WEBSOCKET_PATH) return refuse(socket, 404, `No websocket at ${path}`, path);
    if (!options.hostAllowed(header(request, 'host'))) {
      logger.warn({ host: header(request, 'host') }, 'audio websocket refused: unexpected Host');
      return refuse(socket, 403, 'Forbidden', path);
    }
    if (!options.authorized(header(request, 'authorization'))) {
      logger.warn({ remote: request.socket.remoteAddress }, 'audio websocket refused: wrong password');
      return refuse(socket, 401, 'Unauthorized', path);
    }
    const userId = header(request, 'user-id');
    if (!userId || !USER_ID.test(userId)) {
      return refuse(socket, 400, 'The User-Id header must be the bot user id', path);
    }
    const handshake: SessionHandshake = {
      userId,
      clientName: header(request, 'client-name'),
      resumeId: header(request, 'session-id'),
    };
    resuming.set(request, sessions.resumable(handshake));
    wss.handleUpgrade(request, socket, head, (ws) => {
      const session = sessions.open(ws, handshake, resuming.get(request));
      logger.info(
        {
          sessionId: session.id,
          clientName: handshake.clientName,
          resumed: resuming.get(request) !== undefined,
        },
        'audio client connected',
      );
      if (!handshake.clientName) logger.warn('audio client sent no Client-Name header');
    });
  };
  options.server.on('upgrade', onUpgrade);
  return {
    /** Stops taking sockets; clients still open get a moment to finish the close handshake. */
    async close() {
      options.server.off('upgrade', onUpgrade);
      const deadline = Date.now() + CLOSE_GRACE_MS;
      while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20));
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
    },
  };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Answers a refused upgrade with Lavalink's error body, then hangs up. */
function refuse(socket: Duplex, status: number, message: string, path: string): void {
  const error = STATUS_CODES[status] ?? 'Error';
  const body = JSON.stringify({ timestamp: Date.now(), status, error, message, path });
  socket.end(
    `HTTP/1.1 ${status} ${error}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nLavalink-Api-Version: 4\r\n\r\n${body}`,
  );
}
