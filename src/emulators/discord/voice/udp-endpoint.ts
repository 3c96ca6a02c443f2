import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { buildIpDiscoveryResponse, ipDiscoverySsrc, isIpDiscoveryRequest } from './ip-discovery.ts';
import { decryptRtpPacket } from './transport-crypto.ts';
import type { VoiceSession } from './voice-session.ts';

/** @discordjs/voice sends an 8-byte keep-alive (u32 LE counter) every 5 s and expects it echoed. */
const KEEP_ALIVE_LENGTH = 8;
const RTP_MIN_LENGTH = 12;

/** How the endpoint finds the session a datagram belongs to, and who hears about decrypted audio. */
export interface UdpRouting {
  sessionBySsrc(ssrc: number): VoiceSession | undefined;
  onDecrypted(session: VoiceSession, packet: DecryptedAudio): void;
}

/** One decrypted audio packet: its RTP sequence number and timestamp, and the Opus frame. */
export interface DecryptedAudio {
  sequence: number;
  timestamp: number;
  opus: Buffer;
}

/** Datagrams the endpoint could not attribute to a session. */
export interface UdpEndpointFigures {
  unroutedPackets: number;
  rtcpPackets: number;
}

/** Whether a datagram is RTCP (payload types 200–204), which shares the port in Discord voice. */
function isRtcp(packet: Buffer): boolean {
  const type = packet[1] ?? 0;
  return type >= 200 && type <= 204;
}

/**
 * The voice UDP endpoint: IP discovery, keep-alive echo, and RTP audio which it authenticates,
 * decrypts and records per session (keyed by SSRC).
 */
export class VoiceUdpEndpoint {
  readonly figures: UdpEndpointFigures = { unroutedPackets: 0, rtcpPackets: 0 };

  private constructor(
    private readonly socket: Socket,
    readonly port: number,
    private readonly routing: UdpRouting,
    private readonly logger: Logger,
  ) {
    socket.on('message', (packet, remote) => this.onDatagram(packet, remote));
    socket.on('error', (error) => logger.warn({ err: error }, 'voice UDP socket error'));
  }

  static async bind(
    host: string,
    port: number,
    routing: UdpRouting,
    logger: Logger,
  ): Promise<VoiceUdpEndpoint> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', (error) => {
        socket.close();
        reject(error);
      });
      socket.bind(port, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new VoiceUdpEndpoint(socket, socket.address().port, routing, logger);
  }

  /** Sends a datagram (audio towards a bot, in later receive tests). */
  send(packet: Buffer, address: string, port: number): void {
    this.socket.send(packet, port, address);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  private onDatagram(packet: Buffer, remote: RemoteInfo): void {
    if (isIpDiscoveryRequest(packet)) {
      this.answerDiscovery(packet, remote);
    } else if (packet.length === KEEP_ALIVE_LENGTH) {
      this.socket.send(packet, remote.port, remote.address);
    } else if (packet.length >= RTP_MIN_LENGTH && packet[0] !== undefined && packet[0] >> 6 === 2) {
      if (isRtcp(packet)) this.figures.rtcpPackets += 1;
      else this.receiveRtp(packet);
    } else {
      this.figures.unroutedPackets += 1;
    }
  }

  private answerDiscovery(packet: Buffer, remote: RemoteInfo): void {
    const ssrc = ipDiscoverySsrc(packet);
    const session = this.routing.sessionBySsrc(ssrc);
    if (!session) {
      this.figures.unroutedPackets += 1;
      return;
    }
    session.udpRemote = { address: remote.address, port: remote.port };
    this.socket.send(
      buildIpDiscoveryResponse(ssrc, remote.address, remote.port),
      remote.port,
      remote.address,
    );
  }

  private receiveRtp(packet: Buffer): void {
    const arrivalMs = performance.now();
    const session = this.routing.sessionBySsrc(packet.readUInt32BE(8));
    if (!session) {
      this.figures.unroutedPackets += 1;
      return;
    }
    const { recording } = session;
    recording.stats.countDatagram(packet.length);
    if (!session.secretKey || !session.mode) {
      recording.stats.countDecryptFailure();
      return;
    }
    let audio: DecryptedAudio;
    try {
      const { header, opus } = decryptRtpPacket(packet, session.mode, session.secretKey);
      recording.addDecrypted(header, opus, arrivalMs, Date.now());
      audio = { sequence: header.sequence, timestamp: header.timestamp, opus };
    } catch (error) {
      recording.stats.countDecryptFailure();
      this.logger.debug({ err: error, ssrc: session.ssrc }, 'voice UDP rejected an undecryptable packet');
      return;
    }
    this.routing.onDecrypted(session, audio);
  }
}
