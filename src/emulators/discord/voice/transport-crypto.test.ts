import { createCipheriv, randomBytes } from 'node:crypto';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { describe, expect, it } from 'vitest';
import { ENCRYPTION_MODES } from './protocol.ts';
import { parseRtpHeader, RtpParseError } from './rtp.ts';
import { decryptRtpPacket, encryptRtpPacket } from './transport-crypto.ts';

const key = randomBytes(32);
const opus = Buffer.from('fc fffe 0102030405060708090a'.replaceAll(' ', ''), 'hex');

/** Builds a packet exactly as @discordjs/voice 0.19 Networking.createAudioPacket does. */
function discordjsStylePacket(mode: (typeof ENCRYPTION_MODES)[number], counter: number): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = 0x78;
  header.writeUInt16BE(4242, 2);
  header.writeUInt32BE(123_456_789, 4);
  header.writeUInt32BE(0xdeadbeef, 8);
  const nonce = Buffer.alloc(mode === 'aead_aes256_gcm_rtpsize' ? 12 : 24);
  nonce.writeUInt32BE(counter, 0);
  let sealed: Buffer;
  if (mode === 'aead_aes256_gcm_rtpsize') {
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(header);
    sealed = Buffer.concat([cipher.update(opus), cipher.final(), cipher.getAuthTag()]);
  } else {
    sealed = Buffer.from(xchacha20poly1305(key, nonce, header).encrypt(opus));
  }
  return Buffer.concat([header, sealed, nonce.subarray(0, 4)]);
}

describe.each(ENCRYPTION_MODES)('transport decryption in %s', (mode) => {
  it('decrypts a packet built the way @discordjs/voice builds it', () => {
    const packet = discordjsStylePacket(mode, 77);
    const { header, opus: decrypted, nonceCounter } = decryptRtpPacket(packet, mode, key);
    expect(decrypted).toEqual(opus);
    expect(nonceCounter).toBe(77);
    expect(header).toMatchObject({
      sequence: 4242,
      timestamp: 123_456_789,
      ssrc: 0xdeadbeef,
      payloadType: 0x78,
    });
    expect(header.unencryptedLength).toBe(12);
  });

  it('round-trips through encryptRtpPacket, including an encrypted header extension body', () => {
    const extensionBody = Buffer.from('aabbccdd11223344', 'hex');
    const packet = encryptRtpPacket({
      mode,
      key,
      nonceCounter: 2 ** 32 - 1,
      sequence: 65535,
      timestamp: 2 ** 32 - 960,
      ssrc: 7,
      opus,
      extension: { profile: 0xbede, body: extensionBody },
    });
    // The preamble (16 clear bytes) is authenticated; the extension body is not visible in clear.
    expect(parseRtpHeader(packet).unencryptedLength).toBe(16);
    expect(packet.includes(extensionBody)).toBe(false);
    const decrypted = decryptRtpPacket(packet, mode, key);
    expect(decrypted.opus).toEqual(opus);
    expect(decrypted.nonceCounter).toBe(2 ** 32 - 1);
    expect(decrypted.header.extensionWords).toBe(2);
  });

  it('rejects tampered headers, tampered ciphertext, a wrong key and the other mode', () => {
    const packet = encryptRtpPacket({
      mode,
      key,
      nonceCounter: 1,
      sequence: 1,
      timestamp: 960,
      ssrc: 9,
      opus,
    });
    const tamperedHeader = Buffer.from(packet);
    tamperedHeader.writeUInt16BE(2, 2);
    expect(() => decryptRtpPacket(tamperedHeader, mode, key)).toThrow();
    const tamperedBody = Buffer.from(packet);
    tamperedBody[13] = (tamperedBody[13] ?? 0) ^ 0xff;
    expect(() => decryptRtpPacket(tamperedBody, mode, key)).toThrow();
    expect(() => decryptRtpPacket(packet, mode, randomBytes(32))).toThrow();
    const otherMode = ENCRYPTION_MODES.find((candidate) => candidate !== mode) ?? mode;
    expect(() => decryptRtpPacket(packet, otherMode, key)).toThrow();
  });
});

describe('RTP parsing', () => {
  it('strips RTP padding from the decrypted payload', () => {
    const header = Buffer.from('a078000100000f0000000005', 'hex'); // P bit set
    const nonce = Buffer.alloc(12);
    nonce.writeUInt32BE(5, 0);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(header);
    const padded = Buffer.concat([opus, Buffer.from([0, 0, 3])]);
    const sealed = Buffer.concat([cipher.update(padded), cipher.final(), cipher.getAuthTag()]);
    const packet = Buffer.concat([header, sealed, nonce.subarray(0, 4)]);
    expect(decryptRtpPacket(packet, 'aead_aes256_gcm_rtpsize', key).opus).toEqual(opus);
  });

  it('counts CSRCs into the clear header', () => {
    const packet = Buffer.concat([Buffer.from('8278000100000f0000000005', 'hex'), Buffer.alloc(8 + 20)]);
    expect(parseRtpHeader(packet)).toMatchObject({ csrcCount: 2, unencryptedLength: 20 });
  });

  it('refuses short packets, non-version-2 packets and bad keys with clear errors', () => {
    expect(() => parseRtpHeader(Buffer.alloc(8))).toThrow(RtpParseError);
    expect(() => parseRtpHeader(Buffer.concat([Buffer.from([0x40, 0x78]), Buffer.alloc(40)]))).toThrow(
      /version 1/,
    );
    expect(() => parseRtpHeader(Buffer.concat([Buffer.from([0x80, 0x78]), Buffer.alloc(20)]))).toThrow(
      /no room for tag and nonce/,
    );
    expect(() => decryptRtpPacket(Buffer.alloc(40), 'aead_aes256_gcm_rtpsize', Buffer.alloc(16))).toThrow(
      /32 bytes/,
    );
  });
});
