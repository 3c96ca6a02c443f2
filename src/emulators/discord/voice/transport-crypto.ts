import { createCipheriv, createDecipheriv } from 'node:crypto';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import type { EncryptionMode } from './protocol.ts';
import {
  AUTH_TAG_LENGTH,
  buildRtpHeader,
  NONCE_COUNTER_LENGTH,
  parseRtpHeader,
  type RtpHeader,
  type RtpHeaderFields,
  stripDecryptedExtras,
} from './rtp.ts';

/** Length in bytes of the transport secret key sent in Session Description. */
export const SECRET_KEY_LENGTH = 32;

/** A decrypted RTP packet. */
export interface DecryptedRtpPacket {
  header: RtpHeader;
  /** The Opus frame (extension body and padding removed). */
  opus: Buffer;
  /** The 32-bit nonce counter the sender appended. */
  nonceCounter: number;
}

/**
 * The full nonce: the 4-byte big-endian counter at offset 0 of a zeroed 12-byte (AES-GCM) or
 * 24-byte (XChaCha20) buffer, exactly as @discordjs/voice and Discord build it.
 */
function expandNonce(mode: EncryptionMode, counterBytes: Buffer): Buffer {
  const nonce = Buffer.alloc(mode === 'aead_aes256_gcm_rtpsize' ? 12 : 24);
  counterBytes.copy(nonce, 0, 0, NONCE_COUNTER_LENGTH);
  return nonce;
}

function assertKey(key: Uint8Array): void {
  if (key.length !== SECRET_KEY_LENGTH) {
    throw new RangeError(`secret key must be ${SECRET_KEY_LENGTH} bytes, got ${key.length}`);
  }
}

/**
 * Authenticates and decrypts one RTP packet sent in an *_rtpsize mode.
 *
 * @throws RtpParseError for malformed packets, or the cipher's error when authentication fails
 * (wrong key, tampered bytes, wrong mode).
 */
export function decryptRtpPacket(packet: Buffer, mode: EncryptionMode, key: Uint8Array): DecryptedRtpPacket {
  assertKey(key);
  const header = parseRtpHeader(packet);
  const counterBytes = packet.subarray(packet.length - NONCE_COUNTER_LENGTH);
  const nonce = expandNonce(mode, counterBytes);
  const aad = packet.subarray(0, header.unencryptedLength);
  const sealedEnd = packet.length - NONCE_COUNTER_LENGTH;
  const ciphertext = packet.subarray(header.unencryptedLength, sealedEnd - AUTH_TAG_LENGTH);
  const tag = packet.subarray(sealedEnd - AUTH_TAG_LENGTH, sealedEnd);
  let decrypted: Buffer;
  if (mode === 'aead_aes256_gcm_rtpsize') {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    decrypted = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } else {
    const sealed = packet.subarray(header.unencryptedLength, sealedEnd);
    decrypted = Buffer.from(xchacha20poly1305(key, nonce, aad).decrypt(sealed));
  }
  return {
    header,
    opus: stripDecryptedExtras(header, decrypted),
    nonceCounter: counterBytes.readUInt32BE(0),
  };
}

/** What {@link encryptRtpPacket} needs besides the header fields. */
export interface EncryptRtpOptions extends RtpHeaderFields {
  mode: EncryptionMode;
  key: Uint8Array;
  /** The sender's 32-bit nonce counter for this packet. */
  nonceCounter: number;
  opus: Buffer;
}

/**
 * Builds an encrypted RTP packet the way a Discord voice client does. The emulator uses it to
 * send audio to a bot (receive tests) and the tests use it to check decryption.
 */
export function encryptRtpPacket(options: EncryptRtpOptions): Buffer {
  assertKey(options.key);
  const header = buildRtpHeader(options);
  const counterBytes = Buffer.alloc(NONCE_COUNTER_LENGTH);
  counterBytes.writeUInt32BE(options.nonceCounter >>> 0, 0);
  const nonce = expandNonce(options.mode, counterBytes);
  // The extension body travels encrypted, in front of the Opus frame.
  const plaintext = options.extension ? Buffer.concat([options.extension.body, options.opus]) : options.opus;
  let sealed: Buffer;
  if (options.mode === 'aead_aes256_gcm_rtpsize') {
    const cipher = createCipheriv('aes-256-gcm', options.key, nonce);
    cipher.setAAD(header);
    sealed = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  } else {
    sealed = Buffer.from(xchacha20poly1305(options.key, nonce, header).encrypt(plaintext));
  }
  return Buffer.concat([header, sealed, counterBytes]);
}
