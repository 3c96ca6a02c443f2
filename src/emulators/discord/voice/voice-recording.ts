import { OpusFrameBuffer, type PcmRange } from './opus-buffer.ts';
import type { EncryptionMode } from './protocol.ts';
import type { RtpHeader } from './rtp.ts';
import { type RtpStreamFigures, RtpStreamStats } from './stream-stats.ts';

/** Who a voice connection belongs to. */
export interface VoiceConnectionKey {
  guildId: string;
  channelId: string;
  userId: string;
}

/** Figures of one voice connection (one allocation), as {@link VoiceServer.getStats} reports them. */
export interface VoiceConnectionStats extends VoiceConnectionKey, RtpStreamFigures {
  sessionId: string;
  ssrc: number;
  /** Encryption mode the client selected, null before Select Protocol. */
  mode: EncryptionMode | null;
  /** Whether a voice websocket is currently attached to the session. */
  connected: boolean;
  /** Whether the allocation was released (the bot left, or was moved). */
  released: boolean;
  /** Last speaking bitmask the client sent with op 5 (0 = not speaking). */
  speaking: number;
  /** How many op 5 Speaking messages arrived. */
  speakingUpdates: number;
  /** Opus frames held for decoding. */
  bufferedFrames: number;
  /** `max_dave_protocol_version` from Identify (null before it); production bots must offer > 0. */
  maxDaveProtocolVersion: number | null;
}

/**
 * Everything the emulator records about one voice connection: stream figures, the recent Opus
 * frames, and the state the client announced. It outlives the connection so tests can inspect a
 * finished playback.
 */
export class VoiceRecording {
  readonly stats = new RtpStreamStats();
  private readonly frames: OpusFrameBuffer;
  mode: EncryptionMode | null = null;
  connected = false;
  released = false;
  speaking = 0;
  speakingUpdates = 0;
  maxDaveProtocolVersion: number | null = null;

  constructor(
    readonly key: VoiceConnectionKey,
    readonly sessionId: string,
    readonly ssrc: number,
    retainMs: number,
  ) {
    this.frames = new OpusFrameBuffer(retainMs);
  }

  /** Records a decrypted packet in the figures and the frame buffer. */
  addDecrypted(header: RtpHeader, opus: Buffer, arrivalMs: number, wallClockMs: number): void {
    const position = this.stats.recordDecrypted(header, opus, arrivalMs, wallClockMs);
    if (!position.duplicate) this.frames.add(position.extendedSequence, position.extendedTimestamp, opus);
  }

  /** Decodes the held frames to 48 kHz stereo s16le PCM. */
  decode(range?: PcmRange): Buffer {
    return this.frames.decode(range);
  }

  snapshot(): VoiceConnectionStats {
    return {
      ...this.key,
      ...this.stats.snapshot(),
      sessionId: this.sessionId,
      ssrc: this.ssrc,
      mode: this.mode,
      connected: this.connected,
      released: this.released,
      speaking: this.speaking,
      speakingUpdates: this.speakingUpdates,
      bufferedFrames: this.frames.size,
      maxDaveProtocolVersion: this.maxDaveProtocolVersion,
    };
  }
}
