import { PassThrough, type Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ReplayableInput } from './replayable-input.ts';

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('ReplayableInput', () => {
  it('gives every reader the whole stream, even one opened after the end', async () => {
    const source = new PassThrough();
    const input = new ReplayableInput(source);
    const first = drain(input.open());
    source.write(Buffer.from('hello '));
    const second = drain(input.open());
    source.end(Buffer.from('world'));
    expect((await first).toString()).toBe('hello world');
    expect((await second).toString()).toBe('hello world');
    expect((await drain(input.open())).toString()).toBe('hello world');
    expect(input.fromStart).toBe(true);
  });

  it('passes the source error to its readers and closes the source on close', async () => {
    const source = new PassThrough();
    const input = new ReplayableInput(source);
    const reader = drain(input.open());
    source.destroy(new Error('connection reset'));
    await expect(reader).rejects.toThrow('connection reset');
    const other = new PassThrough();
    new ReplayableInput(other).close();
    expect(other.destroyed).toBe(true);
  });

  it('drops bytes past its limit once read, after which readers start at the oldest kept', async () => {
    const source = new PassThrough();
    const input = new ReplayableInput(source, 10);
    const reader = input.open();
    const all = drain(reader);
    for (const part of ['aaaa', 'bbbb', 'cccc', 'dddd']) source.write(Buffer.from(part));
    source.end();
    expect((await all).toString()).toBe('aaaabbbbccccdddd');
    expect(input.fromStart).toBe(false);
    expect((await drain(input.open())).toString()).toBe('ccccdddd');
  });
});
