import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import {
  clientMessageSchema,
  heartbeatSchema,
  identifySchema,
  resumeSchema,
  VoiceCloseCode,
  VoiceOpcode,
} from './protocol.ts';
import { VoiceProtocolError, type VoiceSession } from './voice-session.ts';

/** How the gateway finds sessions; both throw {@link VoiceProtocolError} to refuse. */
export interface VoiceSessionDirectory {
  identify(payload: z.infer<typeof identifySchema>): VoiceSession;
  resume(payload: z.infer<typeof resumeSchema>): VoiceSession;
}

export interface VoiceGatewayOptions {
  host: string;
  port: number;
  /** PEM server certificate and key (the client dials `wss://` and verifies them). */
  cert: string;
  key: string;
  heartbeatIntervalMs: number;
  directory: VoiceSessionDirectory;
  logger: Logger;
}

/** Missing this many heartbeat intervals closes the socket with 4009 Session timeout. */
const HEARTBEAT_GRACE_INTERVALS = 2.5;
/** WebSocket close reasons are limited to 123 bytes. */
const MAX_CLOSE_REASON = 120;

function closeWith(socket: WebSocket, code: number, reason: string): void {
  socket.close(code, Buffer.from(reason).subarray(0, MAX_CLOSE_REASON).toString());
}

/**
 * The voice websocket (gateway v8) over TLS: Hello, heartbeats, Identify/Resume, then hands the
 * socket to the session. Only `?v=8` is accepted, as that is all this emulator speaks.
 */
export class VoiceGateway {
  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    readonly port: number,
  ) {}

  static async listen(options: VoiceGatewayOptions): Promise<VoiceGateway> {
    // Plain HTTPS requests get a clear answer instead of hanging: only websocket upgrades are served.
    const server = createServer({ cert: options.cert, key: options.key }, (_request, response) => {
      response.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' });
      response.end('Discord voice gateway emulator: connect with a websocket to wss://host:port/?v=8\n');
    });
    const wss = new WebSocketServer({
      server,
      verifyClient: ({ req }, done) => {
        const version = new URL(req.url ?? '/', 'https://voice.invalid').searchParams.get('v');
        if (version === '8') done(true);
        else done(false, 400, `voice gateway version 8 required (?v=8), got ${version ?? 'none'}`);
      },
    });
    wss.on('connection', (socket) => handleConnection(socket, options));
    // Before listening, an error (a port in use) rejects `listen` and is the caller's to report.
    let listening = false;
    wss.on('error', (error) => {
      if (listening) options.logger.error({ err: error }, 'voice gateway error');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        listening = true;
        resolve();
      });
    });
    return new VoiceGateway(server, wss, (server.address() as AddressInfo).port);
  }

  /** Drops every socket and stops listening. */
  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function handleConnection(socket: WebSocket, options: VoiceGatewayOptions): void {
  const { logger, heartbeatIntervalMs, directory } = options;
  let session: VoiceSession | null = null;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  const armHeartbeatTimeout = () => {
    clearTimeout(heartbeatTimer);
    heartbeatTimer = setTimeout(
      () => closeWith(socket, VoiceCloseCode.SessionTimeout, 'Session timeout'),
      heartbeatIntervalMs * HEARTBEAT_GRACE_INTERVALS,
    );
  };

  const onMessage = (raw: RawData, isBinary: boolean): void => {
    if (isBinary) {
      // DAVE binary opcodes: never expected, since the emulator answers dave_protocol_version 0.
      logger.debug('voice gateway ignored a binary message');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString());
    } catch {
      throw new VoiceProtocolError(VoiceCloseCode.FailedToDecode, 'Failed to decode payload: not JSON');
    }
    const envelope = clientMessageSchema.safeParse(json);
    if (!envelope.success) {
      throw new VoiceProtocolError(
        VoiceCloseCode.FailedToDecode,
        'Failed to decode payload: expected { op, d }',
      );
    }
    const { op, d } = envelope.data;
    if (op === VoiceOpcode.Heartbeat) {
      const heartbeat = parseOrThrow(heartbeatSchema, d, 'Heartbeat');
      armHeartbeatTimeout();
      session?.acknowledge(heartbeat.seq_ack);
      socket.send(JSON.stringify({ op: VoiceOpcode.HeartbeatAck, d: { t: heartbeat.t } }));
      return;
    }
    if (session) {
      session.handle(op, d);
    } else if (op === VoiceOpcode.Identify) {
      const identify = parseOrThrow(identifySchema, d, 'Identify');
      session = directory.identify(identify);
      session.attachIdentified(socket, identify.max_dave_protocol_version ?? 0);
    } else if (op === VoiceOpcode.Resume) {
      const resume = parseOrThrow(resumeSchema, d, 'Resume');
      session = directory.resume(resume);
      session.attachResumed(socket, resume.seq_ack);
    } else {
      throw new VoiceProtocolError(VoiceCloseCode.NotAuthenticated, 'Not authenticated');
    }
  };

  socket.on('message', (raw, isBinary) => {
    try {
      onMessage(raw, isBinary);
    } catch (error) {
      if (error instanceof VoiceProtocolError) {
        logger.info({ code: error.closeCode, reason: error.message }, 'voice gateway closing a socket');
        closeWith(socket, error.closeCode, error.message);
      } else {
        logger.error({ err: error }, 'voice gateway failed on a message');
        closeWith(socket, 1011, 'Internal error');
      }
    }
  });
  socket.on('close', () => {
    clearTimeout(heartbeatTimer);
    session?.detach(socket);
  });
  socket.on('error', (error) => logger.warn({ err: error }, 'voice gateway socket error'));
  armHeartbeatTimeout();
  socket.send(JSON.stringify({ op: VoiceOpcode.Hello, d: { heartbeat_interval: heartbeatIntervalMs } }));
}

function parseOrThrow<T>(schema: z.ZodType<T>, data: unknown, name: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new VoiceProtocolError(
      VoiceCloseCode.FailedToDecode,
      `Invalid ${name}: ${z.prettifyError(parsed.error).replaceAll('\n', ' ')}`,
    );
  }
  return parsed.data;
}
