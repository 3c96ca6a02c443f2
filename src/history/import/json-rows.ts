import type { Readable } from 'node:stream';
import streamArray from 'stream-json/streamers/stream-array.js';

/** One row of a file: its parsed value, or why its text was not JSON (JSONL only). */
export type RawRow =
  | { ok: true; value: unknown; line?: number }
  | { ok: false; detail: string; line: number };

/**
 * The elements of a top-level JSON array, one at a time: stream-json tokenises the text as it
 * arrives and assembles only the current element, so memory stays flat in the file's size.
 * A syntax error throws (the rest of the file cannot be counted). `streamValues: false`: values
 * come whole, not also as chunks, which we would only drop (about 10% faster).
 */
export async function* jsonArrayRows(input: Readable): AsyncGenerator<RawRow> {
  const items = input.pipe(streamArray.withParserAsStream({ streamValues: false }));
  input.once('error', (error) => items.destroy(error));
  for await (const item of items as AsyncIterable<{ key: number; value: unknown }>) {
    yield { ok: true, value: item.value };
  }
}

const NEWLINE = 0x0a;

/**
 * The lines of a JSON Lines file, parsed. Blank lines are not rows. A line longer than
 * `maxLineBytes` is dropped as it streams (never buffered whole) and reported as bad.
 */
export async function* jsonlRows(input: Readable, maxLineBytes: number): AsyncGenerator<RawRow> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overlong = false;
  let line = 0;
  function* finish(): Generator<RawRow> {
    line += 1;
    if (overlong) {
      overlong = false;
      pending = [];
      pendingBytes = 0;
      yield { ok: false, detail: `line is longer than ${maxLineBytes} bytes`, line };
      return;
    }
    const text = (pending.length === 1 ? pending[0]! : Buffer.concat(pending)).toString('utf8').trim();
    pending = [];
    pendingBytes = 0;
    if (text === '') return;
    try {
      yield { ok: true, value: JSON.parse(text), line };
    } catch (error) {
      yield { ok: false, detail: `not JSON: ${(error as Error).message}`, line };
    }
  }
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      if (!overlong) {
        pending.push(chunk.subarray(start, end));
        pendingBytes += end - start;
        if (pendingBytes > maxLineBytes) overlong = true;
      }
      yield* finish();
      start = end + 1;
    }
    if (start < chunk.length && !overlong) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > maxLineBytes) {
        overlong = true;
        pending = [];
        pendingBytes = 0;
      }
    }
  }
  if (overlong || pendingBytes > 0) yield* finish();
}
