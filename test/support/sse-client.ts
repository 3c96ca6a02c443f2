/** A minimal Server-Sent Events client over fetch, for tests: events in order, comments counted. */
export interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
  /** performance.now() when the event was parsed. */
  receivedAt: number;
}

export interface SseConnection {
  status: number;
  headers: Headers;
  /**
   * The next event not yet taken (or the next passing `accept`, skipping those before it);
   * rejects after `timeoutMs` (10 s by default: a deadline for a busy machine, not a measure).
   */
  next(options?: { timeoutMs?: number; accept?: (event: SseEvent) => boolean }): Promise<SseEvent>;
  /** Comment lines (heartbeats) seen so far. */
  comments(): number;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

/** How long `next()` waits unless told otherwise. */
const NEXT_TIMEOUT_MS = 10_000;

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const queue: SseEvent[] = [];
  const wakers = new Set<() => void>();
  let comments = 0;
  let done = false;
  const wake = () => {
    for (const waker of wakers) waker();
  };
  const ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = parseBlock(block);
          if (event === 'comment') comments += 1;
          else if (event) queue.push(event);
        }
        wake();
      }
    } catch {
      // Aborted by close(): the stream simply ends.
    } finally {
      done = true;
      wake();
    }
  })();
  return {
    status: response.status,
    headers: response.headers,
    comments: () => comments,
    ended,
    close: () => abort.abort(),
    async next({ timeoutMs = NEXT_TIMEOUT_MS, accept = () => true } = {}) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const index = queue.findIndex(accept);
        if (index >= 0) return queue.splice(0, index + 1).at(-1) as SseEvent;
        const left = deadline - performance.now();
        if (done || left <= 0) {
          throw new Error(
            `no matching SSE event ${done ? 'before the stream ended' : `within ${timeoutMs} ms`}`,
          );
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(finish, left);
          function finish() {
            clearTimeout(timer);
            wakers.delete(finish);
            resolve();
          }
          wakers.add(finish);
        });
      }
    },
  };
}

function parseBlock(block: string): SseEvent | 'comment' | null {
  let id: string | undefined;
  let event = 'message';
  const data: string[] = [];
  let fields = 0;
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    fields += 1;
    if (name === 'id') id = value;
    else if (name === 'event') event = value;
    else if (name === 'data') data.push(value);
  }
  if (fields === 0) return block.trim().startsWith(':') ? 'comment' : null;
  if (data.length === 0) return null; // `retry:` alone dispatches nothing
  return { id, event, data: data.join('\n'), receivedAt: performance.now() };
}
