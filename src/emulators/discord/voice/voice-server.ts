import { randomBytes, randomInt } from 'node:crypto';
import { EventEmitter, on } from 'node:events';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { type Logger, silentLogger } from '../../../logging/index.ts';
import { type CertificatePaths, ensureCertificates } from './certificates.ts';
import type { PcmRange } from './opus-buffer.ts';
import { ENCRYPTION_MODES, encryptionModeSchema, VoiceCloseCode } from './protocol.ts';
import { lastOfPcm, type ReceptionWindow, receptionReport, type VoiceReceptionReport } from './reception.ts';
import { type DecryptedAudio, type UdpEndpointFigures, VoiceUdpEndpoint } from './udp-endpoint.ts';
import { VoiceGateway } from './voice-gateway.ts';
import { type VoiceConnectionStats, VoiceRecording } from './voice-recording.ts';
import { VoiceProtocolError, VoiceSession } from './voice-session.ts';

const startOptionsSchema = z.object({
  /** IPv4 address to listen on and announce; the certificate covers 127.0.0.1 (and localhost). */
  host: z.ipv4().default('127.0.0.1'),
  /** TCP port of the voice websocket (0 = any free port). */
  port: z.number().int().min(0).max(65535).default(0),
  /** UDP port for IP discovery and RTP (0 = any free port). */
  udpPort: z.number().int().min(0).max(65535).default(0),
  certDir: z.string().min(1),
  /** Modes offered in Ready, in order; @discordjs/voice takes the first one it supports. */
  encryptionModes: z
    .array(encryptionModeSchema)
    .min(1)
    .default([...ENCRYPTION_MODES]),
  heartbeatIntervalMs: z.number().int().positive().default(13_750),
  /** Media time of Opus frames kept per connection for decoding. */
  retainAudioMs: z.number().int().positive().default(60_000),
  /** Released connections whose figures stay queryable (active ones always are). */
  keepReleased: z.number().int().min(0).default(32),
});

/** Options of {@link VoiceServer.start}. */
export type VoiceServerStartOptions = z.input<typeof startOptionsSchema> & { logger?: Logger };

const allocateSchema = z.object({
  guildId: z.string().regex(/^\d{1,20}$/),
  channelId: z.string().regex(/^\d{1,20}$/),
  userId: z.string().regex(/^\d{1,20}$/),
  sessionId: z.string().min(1),
});

/** What the gateway passes when a member (the bot) joins a voice channel. */
export type VoiceAllocateInput = z.infer<typeof allocateSchema>;

/** An audio packet as it arrives, for live listeners ({@link VoiceServer.onAudio}). */
export interface VoiceAudioPacket extends DecryptedAudio {
  guildId: string;
  channelId: string;
  userId: string;
  ssrc: number;
}

/** Narrows which connection of a guild a query means (latest matching one wins). */
export interface VoiceConnectionFilter {
  channelId?: string;
  userId?: string;
}

/**
 * A local Discord voice server: TLS voice gateway v8 plus a UDP endpoint that decrypts, measures
 * and keeps the audio a bot sends. The emulator gateway calls {@link allocate} on a voice join and
 * puts the token and endpoint into VOICE_SERVER_UPDATE, and {@link release} on leave.
 */
export class VoiceServer {
  private readonly sessionsByToken = new Map<string, VoiceSession>();
  private readonly activeByMember = new Map<string, VoiceSession>();
  private readonly sessionsBySsrc = new Map<number, VoiceSession>();
  private readonly recordings: VoiceRecording[] = [];
  private readonly events = new EventEmitter();
  private gateway!: VoiceGateway;
  private udp!: VoiceUdpEndpoint;

  private constructor(
    private readonly options: z.output<typeof startOptionsSchema>,
    readonly certificates: CertificatePaths,
    private readonly logger: Logger,
  ) {
    this.events.setMaxListeners(0);
  }

  /** Prepares certificates in `certDir`, then starts the voice websocket and UDP endpoint. */
  static async start(options: VoiceServerStartOptions): Promise<VoiceServer> {
    const parsed = parseInput(startOptionsSchema, options, 'VoiceServer.start options');
    const logger = options.logger ?? silentLogger();
    const certificates = await ensureCertificates(parsed.certDir);
    const server = new VoiceServer(parsed, certificates, logger);
    server.udp = await VoiceUdpEndpoint.bind(
      parsed.host,
      parsed.udpPort,
      {
        sessionBySsrc: (ssrc) => server.sessionsBySsrc.get(ssrc),
        onDecrypted: (session, audio) => {
          server.events.emit('decrypted', session);
          if (server.events.listenerCount('audio') === 0) return;
          const { guildId, channelId, userId } = session.recording.key;
          server.events.emit('audio', { ...audio, guildId, channelId, userId, ssrc: session.ssrc });
        },
      },
      logger,
    );
    try {
      server.gateway = await VoiceGateway.listen({
        host: parsed.host,
        port: parsed.port,
        cert: await readFile(certificates.certPath, 'utf8'),
        key: await readFile(certificates.keyPath, 'utf8'),
        heartbeatIntervalMs: parsed.heartbeatIntervalMs,
        logger,
        directory: { identify: (p) => server.identify(p), resume: (p) => server.resume(p) },
      });
    } catch (error) {
      await server.udp.close();
      throw error;
    }
    logger.info({ endpoint: server.endpoint, udpPort: server.udp.port }, 'voice server listening');
    return server;
  }

  /** `host:port` of the voice websocket, without scheme (as VOICE_SERVER_UPDATE carries it). */
  get endpoint(): string {
    return `${this.options.host}:${this.gateway.port}`;
  }

  /** Port of the UDP endpoint (announced in Ready). */
  get udpPort(): number {
    return this.udp.port;
  }

  /** Datagrams the UDP endpoint could not attribute. */
  get udpFigures(): UdpEndpointFigures {
    return { ...this.udp.figures };
  }

  /**
   * Hands out a voice session for a member joining a channel. A member already connected in the
   * guild is moved: the old session is closed with 4014, as Discord does when the server changes.
   */
  allocate(input: VoiceAllocateInput): { token: string; endpoint: string } {
    const valid = parseInput(allocateSchema, input, 'voice allocation');
    const allocation = { ...valid, token: randomBytes(16).toString('hex') };
    this.release(allocation.guildId, allocation.userId);
    const ssrc = this.newSsrc();
    const recording = new VoiceRecording(
      { guildId: allocation.guildId, channelId: allocation.channelId, userId: allocation.userId },
      allocation.sessionId,
      ssrc,
      this.options.retainAudioMs,
    );
    const udpAnnouncement = { ip: this.options.host, port: this.udp.port };
    const session = new VoiceSession(
      allocation,
      ssrc,
      recording,
      udpAnnouncement,
      this.options.encryptionModes,
      this.logger,
    );
    this.sessionsByToken.set(allocation.token, session);
    this.activeByMember.set(memberKey(allocation.guildId, allocation.userId), session);
    this.sessionsBySsrc.set(ssrc, session);
    this.recordings.push(recording);
    return { token: allocation.token, endpoint: this.endpoint };
  }

  /** Ends a member's voice session (the bot left): closes its socket with 4014 and stops routing. */
  release(guildId: string, userId: string): void {
    const key = memberKey(guildId, userId);
    const session = this.activeByMember.get(key);
    if (!session) return;
    this.activeByMember.delete(key);
    this.sessionsByToken.delete(session.allocation.token);
    this.sessionsBySsrc.delete(session.ssrc);
    session.recording.released = true;
    session.close(VoiceCloseCode.Disconnected, 'Disconnected');
    this.pruneReleased();
  }

  /** Figures of the latest connection in a guild (optionally of one channel/user). */
  getStats(guildId: string, filter: VoiceConnectionFilter = {}): VoiceConnectionStats | undefined {
    return this.findRecording(guildId, filter)?.snapshot();
  }

  /** Figures of every connection still remembered, oldest first. */
  listStats(): VoiceConnectionStats[] {
    return this.recordings.map((recording) => recording.snapshot());
  }

  /**
   * Decoded audio (48 kHz stereo s16le) of the latest connection in a guild; `fromMs`/`toMs` are
   * media time from the connection's first packet, clamped to what the buffer still holds.
   *
   * @throws Error when the guild has no recorded connection.
   */
  getPcm(guildId: string, options: PcmRange & VoiceConnectionFilter = {}): Buffer {
    const recording = this.findRecording(guildId, options);
    if (!recording) throw new Error(`no voice connection recorded for guild ${guildId}`);
    return recording.decode(options);
  }

  /**
   * What the server received in a guild (latest matching connection): its figures and an analysis
   * of a window of its decoded audio (by default the last 5 s held). The control API serves this
   * to bots and tests outside the process.
   */
  reception(guildId: string, query: ReceptionWindow & VoiceConnectionFilter = {}): VoiceReceptionReport {
    const recording = this.findRecording(guildId, query);
    if (!recording) return receptionReport(guildId, undefined, null);
    const pcm =
      query.fromMs !== undefined
        ? recording.decode({
            fromMs: query.fromMs,
            ...(query.toMs !== undefined ? { toMs: query.toMs } : {}),
          })
        : lastOfPcm(recording.decode(), query.lastMs ?? 5_000);
    return receptionReport(guildId, recording.snapshot(), pcm);
  }

  /**
   * Calls `listener` with every audio packet decrypted from now on (every guild), as it arrives
   * (duplicates and reordering included), until the returned function is called. For live
   * listening; a throwing listener is the caller's bug and is not caught here.
   */
  onAudio(listener: (packet: VoiceAudioPacket) => void): () => void {
    this.events.on('audio', listener);
    return () => this.events.off('audio', listener);
  }

  /**
   * Resolves once the latest connection in the guild has `count` decrypted packets.
   *
   * @throws Error after `timeoutMs` with the count reached so far.
   */
  async waitForPackets(guildId: string, count: number, timeoutMs = 10_000): Promise<VoiceConnectionStats> {
    const reached = () => {
      const stats = this.getStats(guildId);
      return stats && stats.decrypted >= count ? stats : undefined;
    };
    const already = reached();
    if (already) return already;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      for await (const [session] of on(this.events, 'decrypted', { signal })) {
        if ((session as VoiceSession).allocation.guildId !== guildId) continue;
        const stats = reached();
        if (stats) return stats;
      }
    } catch (error) {
      if (!signal.aborted) throw error;
    }
    const got = this.getStats(guildId)?.decrypted ?? 0;
    throw new Error(
      `voice server saw ${got} of ${count} packets for guild ${guildId} within ${timeoutMs} ms`,
    );
  }

  /** Closes every voice socket, the websocket server and the UDP endpoint. */
  async close(): Promise<void> {
    for (const session of this.activeByMember.values()) {
      session.recording.released = true;
      session.close(VoiceCloseCode.Disconnected, 'Voice server shutting down');
    }
    this.activeByMember.clear();
    this.sessionsByToken.clear();
    this.sessionsBySsrc.clear();
    await this.gateway.close();
    await this.udp.close();
  }

  private identify(payload: { server_id: string; user_id: string; session_id: string; token: string }) {
    const session = this.sessionsByToken.get(payload.token);
    const allocation = session?.allocation;
    if (!session || allocation?.guildId !== payload.server_id || allocation.userId !== payload.user_id) {
      throw new VoiceProtocolError(VoiceCloseCode.AuthenticationFailed, 'Authentication failed');
    }
    if (allocation.sessionId !== payload.session_id) {
      throw new VoiceProtocolError(VoiceCloseCode.SessionNoLongerValid, 'Session is no longer valid');
    }
    return session;
  }

  private resume(payload: { server_id: string; session_id: string; token: string }) {
    const session = this.sessionsByToken.get(payload.token);
    const allocation = session?.allocation;
    if (
      !session ||
      allocation?.guildId !== payload.server_id ||
      allocation.sessionId !== payload.session_id
    ) {
      throw new VoiceProtocolError(VoiceCloseCode.SessionNoLongerValid, 'Session is no longer valid');
    }
    return session;
  }

  private findRecording(guildId: string, filter: VoiceConnectionFilter): VoiceRecording | undefined {
    for (let i = this.recordings.length - 1; i >= 0; i -= 1) {
      const { key } = this.recordings[i] as VoiceRecording;
      if (key.guildId !== guildId) continue;
      if (filter.channelId !== undefined && key.channelId !== filter.channelId) continue;
      if (filter.userId !== undefined && key.userId !== filter.userId) continue;
      return this.recordings[i];
    }
    return undefined;
  }

  private pruneReleased(): void {
    let released = this.recordings.filter((recording) => recording.released).length;
    for (let i = 0; i < this.recordings.length && released > this.options.keepReleased; ) {
      if (this.recordings[i]?.released) {
        this.recordings.splice(i, 1);
        released -= 1;
      } else {
        i += 1;
      }
    }
  }

  private newSsrc(): number {
    for (;;) {
      const ssrc = randomInt(1, 2 ** 32 - 1);
      if (!this.sessionsBySsrc.has(ssrc)) return ssrc;
    }
  }
}

/** Parses input or throws an Error naming every problem in one readable message. */
function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw new Error(`invalid ${what}: ${z.prettifyError(parsed.error).replaceAll('\n', ' ')}`);
  return parsed.data;
}

function memberKey(guildId: string, userId: string): string {
  return `${guildId}:${userId}`;
}
