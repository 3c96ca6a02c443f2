import { describe, expect, it } from 'vitest';
import { eventually } from '../../../test/support/eventually.ts';
import { EventStream, type EventStreamOptions } from './event-stream.ts';

const quick: EventStreamOptions = {
  heartbeatMs: 20,
  maxDurationMs: 60_000,
  retryMs: 1_500,
  maxBufferedBytes: 1_000,
};

/** Reads everything the stream produces, as a reader (the socket) would. */
function read(stream: EventStream): () => string {
  let text = '';
  stream.body.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return () => text;
}

describe('EventStream', () => {
  it('starts with the reconnection delay and sends a heartbeat comment while idle', async () => {
    const stream = new EventStream(quick);
    const text = read(stream);
    await eventually(() => expect(text().match(/^: heartbeat$/gm)?.length ?? 0).toBeGreaterThanOrEqual(2));
    expect(text().startsWith('retry: 1500\n\n')).toBe(true);
    stream.end();
  });

  it('ends by itself after its longest duration, and tells who listens', async () => {
    const stream = new EventStream({ ...quick, maxDurationMs: 30 });
    read(stream);
    let closed = false;
    stream.onClose(() => {
      closed = true;
    });
    await eventually(() => expect(closed).toBe(true));
  });

  it('drops a reader that stopped reading instead of buffering without bound', async () => {
    const stream = new EventStream(quick);
    let closed = false;
    stream.onClose(() => {
      closed = true;
    });
    // Nobody reads: frames pile up until the limit.
    for (let i = 0; i < 50; i++) stream.send(`id: x-${i}\nevent: queue\ndata: ${'"x"'.repeat(20)}\n\n`);
    await eventually(() => expect(closed).toBe(true));
    expect(stream.body.destroyed).toBe(true);
  });
});
