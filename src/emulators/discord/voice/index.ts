/**
 * The Discord emulator's voice server: TLS voice gateway v8, UDP IP discovery and RTP reception
 * with transport decryption, per-connection figures and decoded audio for checks.
 */
export { type CertificatePaths, ensureCertificates } from './certificates.ts';
export { type DominantFrequencyOptions, dominantFrequency } from './frequency.ts';
export { PCM_CHANNELS, PCM_SAMPLE_RATE, type PcmRange } from './opus-buffer.ts';
export { ENCRYPTION_MODES, type EncryptionMode, VoiceCloseCode, VoiceOpcode } from './protocol.ts';
export {
  type AudioAnalysis,
  analysePcm,
  type PcmLoudness,
  pcmLoudness,
  type ReceptionWindow,
  type VoiceReceptionReport,
} from './reception.ts';
export { OPUS_SILENCE_FRAME, type RtpStreamFigures } from './stream-stats.ts';
export {
  type DecryptedRtpPacket,
  decryptRtpPacket,
  type EncryptRtpOptions,
  encryptRtpPacket,
} from './transport-crypto.ts';
export { extraCaCertsFile } from './trust-bundle.ts';
export type { UdpEndpointFigures } from './udp-endpoint.ts';
export type { VoiceConnectionKey, VoiceConnectionStats } from './voice-recording.ts';
export {
  type VoiceAllocateInput,
  type VoiceAudioPacket,
  type VoiceConnectionFilter,
  VoiceServer,
  type VoiceServerStartOptions,
} from './voice-server.ts';
