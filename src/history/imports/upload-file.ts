import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The upload went past the byte cap; the partial file is already deleted. */
export class UploadTooLargeError extends Error {
  override readonly name = 'UploadTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`the upload is larger than ${maxBytes} bytes`);
  }
}

/**
 * Streams a request body to `path`, never holding it whole, and stops as soon as it passes
 * `maxBytes`. On any failure the partial file is removed; returns the bytes written.
 */
export async function saveUpload(body: Readable, path: string, maxBytes: number): Promise<number> {
  let bytes = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) callback(new UploadTooLargeError(maxBytes));
      else callback(null, chunk);
    },
  });
  // `pipe`, not `pipeline`, from the body: at the cap the request must not be destroyed (the
  // client would see a reset, not the 413); the rest of it is read and dropped instead.
  const abort = (error: Error) => cap.destroy(error);
  body.once('error', abort);
  body.pipe(cap);
  try {
    await pipeline(cap, createWriteStream(path, { flags: 'wx' }));
    return bytes;
  } catch (error) {
    body.unpipe(cap);
    body.resume();
    await rm(path, { force: true });
    throw error;
  } finally {
    body.off('error', abort);
  }
}
