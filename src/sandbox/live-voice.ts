import OpusScript from 'opusscript';
import {
  PCM_CHANNELS,
  PCM_SAMPLE_RATE,
  type VoiceAudioPacket,
  type VoiceServer,
} from '../emulators/discord/voice/index.ts';
import type { Logger } from '../logging/index.ts';
import type { SandboxVoiceActivity } from '../runtime/index.ts';

type PcmListener = (pcm: Buffer) => void;

/** The stream being decoded for one guild: a new SSRC (the bot reconnected) starts a new decoder. */
interface GuildDecoder {
  ssrc: number;
  decoder: OpusScript;
  lastSequence: number;
}

/** Whether RTP sequence `next` comes after `previous`, across the 16-bit wrap. */
function isNewer(next: number, previous: number): boolean {
  const delta = (next - previous + 0x1_0000) % 0x1_0000;
  return delta !== 0 && delta < 0x8000;
}

/**
 * Live listening to the sandbox's voice server: decodes the Opus packets the bot sends in a
 * guild as they arrive and hands the PCM to whoever listens. It subscribes to the voice server
 * only while someone listens, and decodes once per guild however many listen.
 */
export class LiveVoiceTap {
  private readonly listeners = new Map<string, Set<PcmListener>>();
  private readonly decoders = new Map<string, GuildDecoder>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly voice: VoiceServer,
    private readonly logger: Logger,
  ) {}

  /** Calls `onPcm` with each decoded packet (48 kHz stereo s16le) of the guild until the returned function is called. */
  listen(guildId: string, onPcm: PcmListener): () => void {
    let set = this.listeners.get(guildId);
    if (!set) {
      set = new Set();
      this.listeners.set(guildId, set);
    }
    set.add(onPcm);
    this.unsubscribe ??= this.voice.onAudio((packet) => this.receive(packet));
    let listening = true;
    return () => {
      if (!listening) return;
      listening = false;
      this.stopListening(guildId, onPcm);
    };
  }

  /** The bot's connection in the guild: up or not, and its last packet's arrival. */
  activity(guildId: string): SandboxVoiceActivity {
    const stats = this.voice.getStats(guildId);
    if (!stats) return { connected: false, lastPacketAt: null };
    return { connected: stats.connected && !stats.released, lastPacketAt: stats.lastPacketAt };
  }

  /** Stops every listener and frees the decoders. */
  close(): void {
    this.listeners.clear();
    for (const guildId of [...this.decoders.keys()]) this.dropDecoder(guildId);
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private stopListening(guildId: string, onPcm: PcmListener): void {
    const set = this.listeners.get(guildId);
    set?.delete(onPcm);
    if (set && set.size === 0) {
      this.listeners.delete(guildId);
      this.dropDecoder(guildId);
    }
    if (this.listeners.size === 0) {
      this.unsubscribe?.();
      this.unsubscribe = null;
    }
  }

  // Runs inside the voice server's UDP handler: nothing may throw out of it.
  private receive(packet: VoiceAudioPacket): void {
    const set = this.listeners.get(packet.guildId);
    if (!set || set.size === 0) return;
    let pcm: Buffer;
    try {
      const stream = this.decoderFor(packet);
      // A duplicate or a late packet would play twice or out of place: live, it is dropped.
      if (stream.lastSequence >= 0 && !isNewer(packet.sequence, stream.lastSequence)) return;
      stream.lastSequence = packet.sequence;
      pcm = Buffer.from(stream.decoder.decode(packet.opus));
    } catch (error) {
      this.logger.debug({ err: error, guildId: packet.guildId }, 'sandbox: undecodable voice packet');
      return;
    }
    for (const listener of set) {
      try {
        listener(pcm);
      } catch (error) {
        this.logger.warn({ err: error, guildId: packet.guildId }, 'sandbox: a live voice listener failed');
      }
    }
  }

  private decoderFor(packet: VoiceAudioPacket): GuildDecoder {
    const current = this.decoders.get(packet.guildId);
    if (current?.ssrc === packet.ssrc) return current;
    this.dropDecoder(packet.guildId);
    const fresh = {
      ssrc: packet.ssrc,
      decoder: new OpusScript(PCM_SAMPLE_RATE, PCM_CHANNELS),
      lastSequence: -1,
    };
    this.decoders.set(packet.guildId, fresh);
    return fresh;
  }

  private dropDecoder(guildId: string): void {
    const stream = this.decoders.get(guildId);
    if (!stream) return;
    this.decoders.delete(guildId);
    stream.decoder.delete();
  }
}
