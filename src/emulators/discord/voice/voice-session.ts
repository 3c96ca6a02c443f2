import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import {
  type EncryptionMode,
  encryptionModeSchema,
  type ServerMessage,
  selectProtocolSchema,
  speakingSchema,
  VoiceCloseCode,
  VoiceOpcode,
} from './protocol.ts';
import { SECRET_KEY_LENGTH } from './transport-crypto.ts';
import type { VoiceRecording } from './voice-recording.ts';

/** What the gateway handed out for one voice join (see {@link VoiceServer.allocate}). */
export interface VoiceAllocation {
  guildId: string;
  channelId: string;
  userId: string;
  sessionId: string;
  token: string;
}

/** Where the session's UDP endpoint listens, as announced in Ready. */
export interface UdpAnnouncement {
  ip: string;
  port: number;
}

/** A payload the session refused; the gateway closes the socket with this code. */
export class VoiceProtocolError extends Error {
  override name = 'VoiceProtocolError';
  constructor(
    readonly closeCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Sequenced server messages kept for buffered resume (v8); older ones make a resume fail. */
const RESUME_BUFFER_LIMIT = 256;

/**
 * The voice session of one allocation: SSRC, transport key, selected mode, and the numbered
 * server messages a resuming client may have missed. A websocket attaches on Identify and may be
 * replaced by another on Resume; the session (and its recording) survives the swap.
 */
export class VoiceSession {
  private socket: WebSocket | null = null;
  private nextSequence = 1;
  private readonly sent: ServerMessage[] = [];
  /** The transport key, set by Session Description; null until then. */
  secretKey: Buffer | null = null;
  mode: EncryptionMode | null = null;
  /** Where IP discovery saw the client's UDP socket (to send audio back later). */
  udpRemote: { address: string; port: number } | null = null;
  identified = false;

  constructor(
    readonly allocation: VoiceAllocation,
    readonly ssrc: number,
    readonly recording: VoiceRecording,
    private readonly udp: UdpAnnouncement,
    private readonly modes: readonly EncryptionMode[],
    private readonly logger: Logger,
  ) {}

  /**
   * Binds a freshly identified socket and answers Ready.
   *
   * @param maxDaveProtocolVersion - what the client offered; recorded (a production bot must offer
   * DAVE), though the emulator always answers version 0
   */
  attachIdentified(socket: WebSocket, maxDaveProtocolVersion: number): void {
    this.replaceSocket(socket);
    this.recording.maxDaveProtocolVersion = maxDaveProtocolVersion;
    this.identified = true;
    this.secretKey = null;
    this.mode = null;
    this.recording.mode = null;
    this.sendSequenced({
      op: VoiceOpcode.Ready,
      d: { ssrc: this.ssrc, ip: this.udp.ip, port: this.udp.port, modes: [...this.modes] },
    });
  }

  /**
   * Binds a resuming socket, answers Resumed and replays what the client missed.
   *
   * @throws VoiceProtocolError (4006) when the session never identified or the missed messages are gone.
   */
  attachResumed(socket: WebSocket, seqAck: number | undefined): void {
    if (!this.identified) {
      throw new VoiceProtocolError(VoiceCloseCode.SessionNoLongerValid, 'Session never identified');
    }
    const acknowledged = seqAck ?? -1;
    const missed = this.sent.filter((message) => (message.seq ?? 0) > acknowledged);
    const oldestKept = this.sent[0]?.seq ?? this.nextSequence;
    if (acknowledged + 1 < oldestKept) {
      throw new VoiceProtocolError(
        VoiceCloseCode.SessionNoLongerValid,
        'Missed messages are no longer buffered',
      );
    }
    this.replaceSocket(socket);
    this.send({ op: VoiceOpcode.Resumed, d: null });
    for (const message of missed) this.send(message);
  }

  /** Whether this socket is the one currently bound. */
  owns(socket: WebSocket): boolean {
    return this.socket === socket;
  }

  /** The bound socket went away; the session stays resumable. */
  detach(socket: WebSocket): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.recording.connected = false;
  }

  /** Drops buffered messages the client confirmed (heartbeat `seq_ack`). */
  acknowledge(seqAck: number | undefined): void {
    if (seqAck === undefined) return;
    while ((this.sent[0]?.seq ?? Number.POSITIVE_INFINITY) <= seqAck) this.sent.shift();
  }

  /**
   * Handles an op the session owns (Select Protocol, Speaking).
   *
   * @throws VoiceProtocolError for invalid payloads, unknown protocols or modes, and unknown ops.
   */
  handle(op: number, data: unknown): void {
    if (op === VoiceOpcode.SelectProtocol) {
      this.selectProtocol(data);
    } else if (op === VoiceOpcode.Speaking) {
      const speaking = speakingSchema.safeParse(data);
      if (!speaking.success) {
        throw new VoiceProtocolError(
          VoiceCloseCode.FailedToDecode,
          `Invalid Speaking: ${speaking.error.message}`,
        );
      }
      this.recording.speaking = speaking.data.speaking;
      this.recording.speakingUpdates += 1;
    } else if (op === VoiceOpcode.Identify || op === VoiceOpcode.Resume) {
      throw new VoiceProtocolError(VoiceCloseCode.AlreadyAuthenticated, 'Already authenticated');
    } else {
      throw new VoiceProtocolError(VoiceCloseCode.UnknownOpcode, `Unknown opcode ${op}`);
    }
  }

  /** Closes the bound socket (if any) with a voice close code. */
  close(code: number, reason: string): void {
    const socket = this.socket;
    this.socket = null;
    this.recording.connected = false;
    socket?.close(code, reason);
  }

  private selectProtocol(data: unknown): void {
    const parsed = selectProtocolSchema.safeParse(data);
    if (!parsed.success) {
      throw new VoiceProtocolError(
        VoiceCloseCode.FailedToDecode,
        `Invalid Select Protocol: ${parsed.error.message}`,
      );
    }
    if (parsed.data.protocol !== 'udp') {
      throw new VoiceProtocolError(
        VoiceCloseCode.UnknownProtocol,
        `Unknown protocol ${parsed.data.protocol}`,
      );
    }
    const mode = encryptionModeSchema.safeParse(parsed.data.data.mode);
    if (!mode.success || !this.modes.includes(mode.data)) {
      throw new VoiceProtocolError(
        VoiceCloseCode.UnknownEncryptionMode,
        `Unknown encryption mode ${parsed.data.data.mode}`,
      );
    }
    this.mode = mode.data;
    this.recording.mode = mode.data;
    this.secretKey = randomBytes(SECRET_KEY_LENGTH);
    this.logger.debug({ mode: mode.data, ssrc: this.ssrc }, 'voice session selected protocol');
    // dave_protocol_version 0: transport encryption only. A local test server may say so; real
    // Discord requires DAVE (close 4017) in non-stage channels.
    this.sendSequenced({
      op: VoiceOpcode.SessionDescription,
      d: { mode: mode.data, secret_key: [...this.secretKey], dave_protocol_version: 0 },
    });
  }

  private replaceSocket(socket: WebSocket): void {
    if (this.socket && this.socket !== socket) {
      // A newer connection took the session over; the old one is stale.
      this.socket.close(VoiceCloseCode.SessionNoLongerValid, 'Session taken over by a new connection');
    }
    this.socket = socket;
    this.recording.connected = true;
  }

  private sendSequenced(message: Omit<ServerMessage, 'seq'>): void {
    const numbered: ServerMessage = { ...message, seq: this.nextSequence };
    this.nextSequence += 1;
    this.sent.push(numbered);
    if (this.sent.length > RESUME_BUFFER_LIMIT) this.sent.shift();
    this.send(numbered);
  }

  private send(message: ServerMessage): void {
    const socket = this.socket;
    if (socket && socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  }
}
