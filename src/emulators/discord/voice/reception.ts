import { dominantFrequency } from './frequency.ts';
import { PCM_CHANNELS, PCM_SAMPLE_RATE } from './opus-buffer.ts';
import type { VoiceConnectionStats } from './voice-recording.ts';

/** Loudness of s16le PCM in dBFS (0 = full scale; `null` for digital silence or no samples). */
export interface PcmLoudness {
  rmsDbfs: number | null;
  peakDbfs: number | null;
}

/** RMS and peak level of interleaved s16le PCM, over every channel's samples. */
export function pcmLoudness(pcm: Buffer): PcmLoudness {
  const samples = Math.floor(pcm.length / 2);
  let sumSquares = 0;
  let peak = 0;
  for (let i = 0; i < samples; i += 1) {
    const value = pcm.readInt16LE(i * 2) / 32768;
    sumSquares += value * value;
    peak = Math.max(peak, Math.abs(value));
  }
  const toDb = (level: number) => (level > 0 ? Math.round(20 * Math.log10(level) * 100) / 100 : null);
  return { rmsDbfs: samples > 0 ? toDb(Math.sqrt(sumSquares / samples)) : null, peakDbfs: toDb(peak) };
}

/** What the decoded audio of a window sounded like. */
export interface AudioAnalysis extends PcmLoudness {
  /** Media time analysed, in ms (less than asked for when less was held). */
  durationMs: number;
  /** Strongest frequency (Hz, 0 for silence), null when the window is too short to tell. */
  dominantFrequencyHz: number | null;
}

/** Analyses decoded 48 kHz stereo s16le PCM. */
export function analysePcm(pcm: Buffer): AudioAnalysis {
  const frames = Math.floor(pcm.length / (2 * PCM_CHANNELS));
  let dominantFrequencyHz: number | null = null;
  try {
    dominantFrequencyHz = Math.round(dominantFrequency(pcm, PCM_SAMPLE_RATE) * 100) / 100;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  return {
    durationMs: Math.round((frames / PCM_SAMPLE_RATE) * 1000),
    dominantFrequencyHz,
    ...pcmLoudness(pcm),
  };
}

/** Which part of the held audio {@link VoiceReceptionReport.audio} analyses. */
export interface ReceptionWindow {
  /** The last `lastMs` of media time held (default 5000). Ignored when `fromMs` is given. */
  lastMs?: number;
  /** From this media time (ms since the connection's first packet) … */
  fromMs?: number;
  /** … to this one (default: the end of what is held). */
  toMs?: number;
}

/**
 * What the voice server received in a guild, for callers outside the process (the control API's
 * `voiceReception`): the latest connection's figures and an analysis of its recent audio.
 */
export interface VoiceReceptionReport {
  guildId: string;
  /** Whether a voice connection was ever allocated in the guild (false: everything else is empty). */
  recorded: boolean;
  /** Whether a voice websocket is attached right now. */
  connected: boolean;
  /** RTP datagrams received for the connection's SSRC. */
  packetsReceived: number;
  /** Of which decrypted (authenticated) ones. */
  packetsDecrypted: number;
  decryptFailures: number;
  /** Epoch ms of the last decrypted packet. */
  lastPacketAt: number | null;
  /** Every figure the voice server keeps for the connection (docs/emulator-voice.md), or null. */
  stats: VoiceConnectionStats | null;
  /** The analysed window of decoded audio, or null when nothing decodable was received. */
  audio: AudioAnalysis | null;
}

/** Builds the report from a connection's figures and the PCM of the window to analyse. */
export function receptionReport(
  guildId: string,
  stats: VoiceConnectionStats | undefined,
  pcm: Buffer | null,
): VoiceReceptionReport {
  return {
    guildId,
    recorded: stats !== undefined,
    connected: stats?.connected ?? false,
    packetsReceived: stats?.packets ?? 0,
    packetsDecrypted: stats?.decrypted ?? 0,
    decryptFailures: stats?.decryptFailures ?? 0,
    lastPacketAt: stats?.lastPacketAt ?? null,
    stats: stats ?? null,
    audio: pcm && pcm.length > 0 ? analysePcm(pcm) : null,
  };
}

/** Cuts the last `ms` of media time off 48 kHz stereo s16le PCM. */
export function lastOfPcm(pcm: Buffer, ms: number): Buffer {
  const bytes = Math.round((ms * PCM_SAMPLE_RATE) / 1000) * 2 * PCM_CHANNELS;
  return pcm.length <= bytes ? pcm : pcm.subarray(pcm.length - bytes);
}
