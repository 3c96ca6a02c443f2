import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Who asked: the node's own GETs (a playlist, or an entry's first bytes) carry its User-Agent;
 * anything else under an entry path is ffmpeg probing through the net guard's proxy (`Lavf/…`).
 */
export type RequestKind = 'playlist' | 'entry' | 'probe';

/** What a path serves: a playlist's text, or a file's bytes. */
export type Served = { text: string; contentType: string } | { file: string; contentType: string };

interface Figures {
  /** Requests (playlist, entry) or distinct paths (probe) open now. */
  open: number;
  /** The most ever open at once. */
  peak: number;
  total: number;
}

/**
 * A local HTTP server that counts, per kind of request, how many are open at once and in all,
 * and holds answers back until the test opens that kind's gate (or, with {@link holdUntil}, until
 * that many requests wait together): the test decides when the node may go on, never a timer.
 */
export class GatedAudioServer {
  readonly #server: Server;
  readonly #figures: Record<RequestKind, Figures> = {
    playlist: { open: 0, peak: 0, total: 0 },
    entry: { open: 0, peak: 0, total: 0 },
    probe: { open: 0, peak: 0, total: 0 },
  };
  readonly #gates: Record<RequestKind, { open: boolean; quorum: number; waiting: (() => void)[] }> = {
    playlist: { open: true, quorum: 0, waiting: [] },
    entry: { open: true, quorum: 0, waiting: [] },
    probe: { open: true, quorum: 0, waiting: [] },
  };
  /** Open probe requests per path: ffmpeg may open a second connection to seek, still one probe. */
  readonly #probing = new Map<string, number>();
  /** Open entry requests per playlist folder (`/lists/3/…`), and the most at once for any. */
  readonly #openPerList = new Map<string, number>();
  #peakPerList = 0;
  /** Requests per path and kind, to see how often each entry was fetched or probed. */
  readonly requestsPerPath = new Map<string, number>();

  private constructor(serve: (path: string) => Served | null) {
    this.#server = createServer((request, response) => {
      void this.#answer(serve, request, response).catch(() => response.destroy());
    });
  }

  static async start(serve: (path: string) => Served | null): Promise<GatedAudioServer> {
    const server = new GatedAudioServer(serve);
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}${path}`;
  }

  figures(kind: RequestKind): Readonly<Figures> {
    return { ...this.#figures[kind] };
  }

  /** The most entry requests open at once for one playlist's folder. */
  get peakEntriesPerList(): number {
    return this.#peakPerList;
  }

  /** Holds `kind`'s answers until {@link release}. */
  hold(kind: RequestKind): void {
    this.#gates[kind].open = false;
  }

  /** Holds `kind`'s answers until `quorum` of them wait together, then answers them all. */
  holdUntil(kind: RequestKind, quorum: number): void {
    Object.assign(this.#gates[kind], { open: false, quorum });
  }

  release(kind: RequestKind): void {
    const gate = this.#gates[kind];
    gate.open = true;
    for (const go of gate.waiting.splice(0)) go();
  }

  reset(): void {
    for (const figures of Object.values(this.#figures)) Object.assign(figures, { peak: 0, total: 0 });
    this.#peakPerList = 0;
    this.requestsPerPath.clear();
  }

  async close(): Promise<void> {
    for (const kind of Object.keys(this.#gates) as RequestKind[]) this.release(kind);
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #answer(
    serve: (path: string) => Served | null,
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const served = serve(path);
    if (!served) {
      response.writeHead(404).end();
      return;
    }
    const ours = (request.headers['user-agent'] ?? '').startsWith('Gramophone');
    const kind: RequestKind = 'text' in served ? 'playlist' : ours ? 'entry' : 'probe';
    this.requestsPerPath.set(`${kind} ${path}`, (this.requestsPerPath.get(`${kind} ${path}`) ?? 0) + 1);
    const done = this.#opened(kind, path);
    response.once('close', done);
    await this.#passGate(kind);
    if ('text' in served) {
      response.writeHead(200, { 'content-type': served.contentType }).end(served.text);
      return;
    }
    const body = await readFile(served.file);
    const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const end = range?.[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
    response.writeHead(range ? 206 : 200, {
      'content-type': served.contentType,
      'content-length': end - start + 1,
      'accept-ranges': 'bytes',
      ...(range ? { 'content-range': `bytes ${start}-${end}/${body.length}` } : {}),
    });
    response.end(body.subarray(start, end + 1));
  }

  /** Counts a request open; answers the function that counts it closed. */
  #opened(kind: RequestKind, path: string): () => void {
    const figures = this.#figures[kind];
    figures.total += 1;
    const list = kind === 'entry' ? path.split('/').slice(0, -1).join('/') : null;
    const firstOfProbe = kind === 'probe' && !this.#probing.get(path);
    if (kind === 'probe') this.#probing.set(path, (this.#probing.get(path) ?? 0) + 1);
    if (kind !== 'probe' || firstOfProbe) figures.open += 1;
    figures.peak = Math.max(figures.peak, figures.open);
    if (list !== null) {
      const open = (this.#openPerList.get(list) ?? 0) + 1;
      this.#openPerList.set(list, open);
      this.#peakPerList = Math.max(this.#peakPerList, open);
    }
    return () => {
      if (list !== null) this.#openPerList.set(list, (this.#openPerList.get(list) ?? 1) - 1);
      if (kind === 'probe') {
        const left = (this.#probing.get(path) ?? 1) - 1;
        if (left > 0) {
          this.#probing.set(path, left);
          return;
        }
        this.#probing.delete(path);
      }
      figures.open -= 1;
    };
  }

  async #passGate(kind: RequestKind): Promise<void> {
    const gate = this.#gates[kind];
    if (gate.open) return;
    const turn = new Promise<void>((resolve) => gate.waiting.push(resolve));
    if (gate.quorum > 0 && gate.waiting.length >= gate.quorum) this.release(kind);
    await turn;
  }
}
