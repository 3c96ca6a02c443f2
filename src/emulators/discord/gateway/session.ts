import { WebSocket } from 'ws';
import type { SessionView } from '../domain/world.ts';

/** What `sessions()` reports about a gateway session. */
export interface SessionInfo {
  sessionId: string;
  applicationId: string;
  shard: [number, number];
  intents: number;
  connected: boolean;
  seq: number;
  resumes: number;
  identifiedAt: string;
}

/**
 * A gateway session: outlives its websocket so a client can RESUME. Every dispatch gets the next
 * sequence number and is kept in a bounded buffer for replay; a resume from before the buffer fails.
 */
export class GatewaySession implements SessionView {
  seq = 0;
  resumes = 0;
  socket: WebSocket | null = null;
  readonly identifiedAt = new Date();
  /** Closed or expired: no longer resumable. */
  ended = false;
  private readonly buffer: { s: number; frame: string }[] = [];
  private expiryTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly sessionId: string,
    readonly applicationId: string,
    readonly botUserId: string,
    readonly intents: number,
    readonly shard: [number, number],
    readonly largeThreshold: number,
    private readonly bufferSize: number,
  ) {}

  /** Sends a dispatch (payload already serialised) and keeps it for replay. */
  dispatch(t: string, json: string): void {
    this.seq += 1;
    const frame = `{"op":0,"t":"${t}","s":${this.seq},"d":${json}}`;
    this.buffer.push({ s: this.seq, frame });
    if (this.buffer.length > this.bufferSize) this.buffer.shift();
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(frame);
  }

  /** The frames after `seq`, or null when some of them are no longer buffered. */
  framesAfter(seq: number): string[] | null {
    if (seq > this.seq) return null;
    if (seq === this.seq) return [];
    const first = this.buffer[0];
    if (!first || first.s > seq + 1) return null;
    return this.buffer.filter((entry) => entry.s > seq).map((entry) => entry.frame);
  }

  attach(socket: WebSocket): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
    this.socket = socket;
  }

  /** The socket went away; the session stays resumable for `resumeWindowMs`, then `onExpire` runs. */
  detach(socket: WebSocket, resumeWindowMs: number, onExpire: () => void): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.expiryTimer = setTimeout(onExpire, resumeWindowMs);
    this.expiryTimer.unref();
  }

  end(): void {
    this.ended = true;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
  }

  /**
   * Yields to the event loop and waits while more than `maxBuffered` bytes are queued on the socket,
   * so a burst (10,000 GUILD_CREATEs) neither blocks heartbeats nor piles up in memory.
   */
  async flush(maxBuffered = 4 * 1024 * 1024): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.socket?.readyState === WebSocket.OPEN && this.socket.bufferedAmount > maxBuffered) {
      await new Promise<void>((resolve) => setTimeout(resolve, 2));
    }
  }

  info(): SessionInfo {
    return {
      sessionId: this.sessionId,
      applicationId: this.applicationId,
      shard: [...this.shard],
      intents: this.intents,
      connected: this.socket?.readyState === WebSocket.OPEN,
      seq: this.seq,
      resumes: this.resumes,
      identifiedAt: this.identifiedAt.toISOString(),
    };
  }
}
