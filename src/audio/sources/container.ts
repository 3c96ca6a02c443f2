import type { IFormat } from 'music-metadata';
import type { AudioInput } from '../contracts.ts';

export type AudioContainer = AudioInput['container'];

const ascii = (bytes: Uint8Array, start: number, length: number): string =>
  Buffer.from(
    bytes.buffer,
    bytes.byteOffset + start,
    Math.max(0, Math.min(length, bytes.length - start)),
  ).toString('latin1');

const includesAscii = (bytes: Uint8Array, text: string): boolean =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).includes(text, 0, 'latin1');

/**
 * Recognises an audio container from the first bytes of a file: enough to refuse an HTML page
 * before parsing, and to tell Opus (which playback may pass through untouched) from the rest.
 * Returns null when the bytes are not a known audio format; `unknown` for audio whose codec
 * we cannot name from the prefix (Ogg Vorbis, Matroska with another codec).
 */
export function sniffContainer(bytes: Uint8Array): AudioContainer | null {
  if (bytes.length < 4) return null;
  const head = ascii(bytes, 0, 4);
  if (head === 'OggS') return ascii(bytes, 28, 8) === 'OpusHead' ? 'ogg-opus' : 'unknown';
  if (head === 'fLaC') return 'flac';
  if (head === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE') return 'wav';
  if (ascii(bytes, 4, 4) === 'ftyp') return 'aac';
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) {
    return includesAscii(bytes, 'A_OPUS') ? 'webm-opus' : 'unknown';
  }
  if (ascii(bytes, 0, 3) === 'ID3') return 'mp3';
  const b0 = bytes[0] ?? 0;
  const b1 = bytes[1] ?? 0;
  if (b0 === 0xff && (b1 & 0xf6) === 0xf0) return 'aac'; // ADTS: sync word, layer bits 00
  if (b0 === 0xff && (b1 & 0xe0) === 0xe0 && (b1 & 0x06) !== 0) return 'mp3'; // MPEG audio frame
  return null;
}

/** The container as music-metadata names it, mapped to what playback understands. */
export function containerFromFormat(format: IFormat): AudioContainer {
  const container = (format.container ?? '').toLowerCase();
  const codec = (format.codec ?? '').toLowerCase();
  if (container === 'mpeg' && codec.includes('layer 3')) return 'mp3';
  if (container === 'ogg' && codec === 'opus') return 'ogg-opus';
  if (container.startsWith('ebml') && codec === 'opus') return 'webm-opus';
  if (container === 'flac') return 'flac';
  if (container === 'wave') return 'wav';
  if (
    (container.startsWith('m4a') || container === 'adts' || container.startsWith('mp4')) &&
    codec.includes('aac')
  ) {
    return 'aac';
  }
  return 'unknown';
}

/** Content types that are audio (or containers that usually hold it) even if not `audio/*`. */
export function isAudioContentType(contentType: string): boolean {
  return (
    contentType.startsWith('audio/') ||
    contentType === 'application/ogg' ||
    contentType === 'video/webm' ||
    contentType === 'video/mp4' ||
    contentType === 'application/octet-stream'
  );
}
