/** RTP payload type Discord uses for Opus. */
export const OPUS_PAYLOAD_TYPE = 0x78;
/** Bytes of the AEAD authentication tag (both AES-256-GCM and XChaCha20-Poly1305). */
export const AUTH_TAG_LENGTH = 16;
/** Bytes of the nonce counter appended to every packet in the *_rtpsize modes. */
export const NONCE_COUNTER_LENGTH = 4;
const FIXED_HEADER_LENGTH = 12;
const EXTENSION_PREAMBLE_LENGTH = 4;

/** The parsed, still unencrypted part of an RTP packet. */
export interface RtpHeader {
  version: number;
  padding: boolean;
  extension: boolean;
  csrcCount: number;
  marker: boolean;
  payloadType: number;
  sequence: number;
  timestamp: number;
  ssrc: number;
  /**
   * Bytes that stay in clear and are authenticated as AAD. In the *_rtpsize modes this is the
   * fixed header, the CSRCs and, when the X bit is set, the 4-byte extension preamble (SRTP style);
   * the extension body itself is encrypted.
   */
  unencryptedLength: number;
  /** 32-bit words of extension body at the start of the decrypted payload (0 without X bit). */
  extensionWords: number;
}

/** Why a datagram is not a usable RTP packet. */
export class RtpParseError extends Error {
  override name = 'RtpParseError';
}

/**
 * Parses the clear part of an RTP packet sent in an *_rtpsize mode.
 *
 * @throws RtpParseError when the packet is too short or not RTP version 2.
 */
export function parseRtpHeader(packet: Buffer): RtpHeader {
  if (packet.length < FIXED_HEADER_LENGTH) {
    throw new RtpParseError(`packet of ${packet.length} bytes is shorter than an RTP header`);
  }
  const first = packet.readUInt8(0);
  const second = packet.readUInt8(1);
  const version = first >> 6;
  if (version !== 2) throw new RtpParseError(`RTP version ${version} is not 2`);
  const csrcCount = first & 0x0f;
  const extension = (first & 0x10) !== 0;
  let unencryptedLength = FIXED_HEADER_LENGTH + csrcCount * 4;
  let extensionWords = 0;
  if (extension) {
    if (packet.length < unencryptedLength + EXTENSION_PREAMBLE_LENGTH) {
      throw new RtpParseError('packet ends inside the RTP extension preamble');
    }
    extensionWords = packet.readUInt16BE(unencryptedLength + 2);
    unencryptedLength += EXTENSION_PREAMBLE_LENGTH;
  }
  if (packet.length < unencryptedLength + AUTH_TAG_LENGTH + NONCE_COUNTER_LENGTH) {
    throw new RtpParseError(`packet of ${packet.length} bytes has no room for tag and nonce`);
  }
  return {
    version,
    padding: (first & 0x20) !== 0,
    extension,
    csrcCount,
    marker: (second & 0x80) !== 0,
    payloadType: second & 0x7f,
    sequence: packet.readUInt16BE(2),
    timestamp: packet.readUInt32BE(4),
    ssrc: packet.readUInt32BE(8),
    unencryptedLength,
    extensionWords,
  };
}

/** Fields for building an RTP header (what @discordjs/voice writes: 0x80 0x78 seq ts ssrc). */
export interface RtpHeaderFields {
  sequence: number;
  timestamp: number;
  ssrc: number;
  payloadType?: number;
  marker?: boolean;
  /** Optional header extension: profile id and body words (body goes into the encrypted part). */
  extension?: { profile: number; body: Buffer };
}

/** Builds the clear header bytes (fixed header plus extension preamble when given). */
export function buildRtpHeader(fields: RtpHeaderFields): Buffer {
  const hasExtension = fields.extension !== undefined;
  const header = Buffer.alloc(FIXED_HEADER_LENGTH + (hasExtension ? EXTENSION_PREAMBLE_LENGTH : 0));
  header[0] = 0x80 | (hasExtension ? 0x10 : 0);
  header[1] = (fields.marker ? 0x80 : 0) | ((fields.payloadType ?? OPUS_PAYLOAD_TYPE) & 0x7f);
  header.writeUInt16BE(fields.sequence & 0xffff, 2);
  header.writeUInt32BE(fields.timestamp >>> 0, 4);
  header.writeUInt32BE(fields.ssrc >>> 0, 8);
  if (fields.extension) {
    if (fields.extension.body.length % 4 !== 0)
      throw new RangeError('RTP extension body must be 32-bit aligned');
    header.writeUInt16BE(fields.extension.profile, 12);
    header.writeUInt16BE(fields.extension.body.length / 4, 14);
  }
  return header;
}

/**
 * Removes what the decrypted part carries besides the Opus frame: the extension body at the start
 * and RTP padding at the end (its last byte says how many bytes to drop).
 */
export function stripDecryptedExtras(header: RtpHeader, decrypted: Buffer): Buffer {
  let payload = decrypted;
  if (header.extensionWords > 0) {
    const skip = header.extensionWords * 4;
    if (skip > payload.length) throw new RtpParseError('RTP extension body is longer than the payload');
    payload = payload.subarray(skip);
  }
  if (header.padding && payload.length > 0) {
    const paddingLength = payload[payload.length - 1] ?? 0;
    if (paddingLength > payload.length) throw new RtpParseError('RTP padding is longer than the payload');
    payload = payload.subarray(0, payload.length - paddingLength);
  }
  return payload;
}
