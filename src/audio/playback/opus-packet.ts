/** Discord plays one 20 ms Opus packet per RTP packet (timestamp + 960 at 48 kHz). */
export const FRAME_MS = 20;

/** The Opus silence frame Discord clients send around speech (`f8 ff fe`). */
export const OPUS_SILENCE_FRAME = Buffer.from([0xf8, 0xff, 0xfe]);

/** Frame durations (ms) by TOC configuration (RFC 6716 §3.1): SILK, Hybrid, then CELT. */
function frameDurationMs(config: number): number {
  if (config < 12) return [10, 20, 40, 60][config % 4] as number;
  if (config < 16) return config % 2 === 0 ? 10 : 20;
  return [2.5, 5, 10, 20][config % 4] as number;
}

/**
 * The audio duration of one Opus packet in milliseconds (RFC 6716 §3.1: the TOC byte's
 * configuration gives the frame size, its code the frame count), or null when it is malformed.
 */
export function opusPacketDurationMs(packet: Buffer): number | null {
  const toc = packet[0];
  if (toc === undefined) return null;
  const frameMs = frameDurationMs(toc >> 3);
  const code = toc & 0x03;
  if (code === 0) return frameMs;
  if (code === 1 || code === 2) return 2 * frameMs;
  const countByte = packet[1];
  if (countByte === undefined) return null;
  return (countByte & 0x3f) * frameMs;
}

/**
 * Whether an OpusHead can be sent to Discord as is: channel mapping family 0 (mono or stereo
 * in one stream). Family 1+ packets are multistream and no stereo decoder can read them.
 */
export function isPlainOpusHead(head: Buffer): boolean {
  return head.length >= 19 && head.toString('latin1', 0, 8) === 'OpusHead' && head[18] === 0;
}
