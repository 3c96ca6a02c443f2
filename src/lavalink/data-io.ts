/**
 * Java's `DataOutput`/`DataInput` as lavaplayer uses them: big-endian integers and `writeUTF`
 * strings — a u16 byte length followed by *modified* UTF-8 (NUL as `C0 80`, characters outside
 * the BMP as two 3-byte surrogates, never 4-byte sequences). Plain UTF-8 would differ for emoji
 * in titles, and a real Lavalink would then misread our tracks (and we theirs).
 */

/** Thrown for bytes that are not a well-formed lavaplayer message. */
export class TrackCodecError extends Error {
  override name = 'TrackCodecError';
}

const MAX_UTF_BYTES = 0xffff;

/** Encodes a string as Java modified UTF-8 (without the length prefix). */
export function encodeModifiedUtf8(text: string): Uint8Array {
  const bytes: number[] = [];
  // Iterating UTF-16 code units (not code points) is what makes surrogates 3 bytes each.
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit >= 0x0001 && unit <= 0x007f) {
      bytes.push(unit);
    } else if (unit <= 0x07ff) {
      bytes.push(0xc0 | (unit >> 6), 0x80 | (unit & 0x3f));
    } else {
      bytes.push(0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f));
    }
  }
  return Uint8Array.from(bytes);
}

/** Decodes Java modified UTF-8 (also accepts the plain UTF-8 subset it shares). */
export function decodeModifiedUtf8(bytes: Uint8Array): string {
  const units: number[] = [];
  let index = 0;
  const continuation = (offset: number): number => {
    const byte = bytes[offset];
    if (byte === undefined || (byte & 0xc0) !== 0x80) {
      throw new TrackCodecError(`malformed modified UTF-8 at byte ${offset}`);
    }
    return byte & 0x3f;
  };
  while (index < bytes.length) {
    const first = bytes[index] as number;
    if (first < 0x80) {
      units.push(first);
      index += 1;
    } else if ((first & 0xe0) === 0xc0) {
      units.push(((first & 0x1f) << 6) | continuation(index + 1));
      index += 2;
    } else if ((first & 0xf0) === 0xe0) {
      units.push(((first & 0x0f) << 12) | (continuation(index + 1) << 6) | continuation(index + 2));
      index += 3;
    } else {
      throw new TrackCodecError(`malformed modified UTF-8 at byte ${index}`);
    }
  }
  // String.fromCharCode re-pairs surrogates into the original code points.
  let text = '';
  for (let start = 0; start < units.length; start += 8192) {
    text += String.fromCharCode(...units.slice(start, start + 8192));
  }
  return text;
}

/** Appends big-endian values to a growing buffer, like `java.io.DataOutputStream`. */
export class DataWriter {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  get length(): number {
    return this.size;
  }

  writeByte(value: number): void {
    this.push(Uint8Array.of(value & 0xff));
  }

  writeBoolean(value: boolean): void {
    this.writeByte(value ? 1 : 0);
  }

  writeInt(value: number): void {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setInt32(0, value);
    this.push(bytes);
  }

  /** A Java `long`; `value` must be a safe integer (milliseconds always are). */
  writeLong(value: number): void {
    if (!Number.isSafeInteger(value))
      throw new TrackCodecError(`${value} is not a whole number of milliseconds`);
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigInt64(0, BigInt(value));
    this.push(bytes);
  }

  writeUTF(text: string): void {
    const encoded = encodeModifiedUtf8(text);
    if (encoded.length > MAX_UTF_BYTES) {
      throw new TrackCodecError(`text of ${encoded.length} bytes exceeds writeUTF's limit of 65535`);
    }
    const prefix = new Uint8Array(2);
    new DataView(prefix.buffer).setUint16(0, encoded.length);
    this.push(prefix);
    this.push(encoded);
  }

  /** lavaplayer's `DataFormatTools.writeNullableText`: a presence boolean, then the text. */
  writeNullableText(text: string | null): void {
    this.writeBoolean(text !== null);
    if (text !== null) this.writeUTF(text);
  }

  writeBytes(bytes: Uint8Array): void {
    this.push(bytes);
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.size += bytes.length;
  }
}

/** Reads big-endian values from a byte array, like `java.io.DataInputStream`; throws past the end. */
export class DataReader {
  private offset = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  readByte(): number {
    return this.view.getUint8(this.take(1));
  }

  readBoolean(): boolean {
    return this.readByte() !== 0;
  }

  readInt(): number {
    return this.view.getInt32(this.take(4));
  }

  readLong(): number {
    const value = this.view.getBigInt64(this.take(8));
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new TrackCodecError(`long ${value} is out of range`);
    }
    return Number(value);
  }

  readUTF(): string {
    const length = this.view.getUint16(this.take(2));
    const start = this.take(length);
    return decodeModifiedUtf8(this.bytes.subarray(start, start + length));
  }

  readNullableText(): string | null {
    return this.readBoolean() ? this.readUTF() : null;
  }

  readBytes(count: number): Uint8Array {
    const start = this.take(count);
    return this.bytes.slice(start, start + count);
  }

  private take(count: number): number {
    if (count > this.remaining) {
      throw new TrackCodecError(`unexpected end of data: needed ${count} bytes at ${this.offset}`);
    }
    const start = this.offset;
    this.offset += count;
    return start;
  }
}
