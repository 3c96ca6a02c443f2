import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** A local HTTP server for the tests, with helpers for the answers audio servers give. */
export class AudioTestServer {
  readonly #server: Server;
  readonly #routes = new Map<string, RouteHandler>();
  /** Paths requested, in order, to check how much a probe fetched. */
  readonly requests: { path: string; range: string | undefined }[] = [];

  private constructor() {
    this.#server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      this.requests.push({ path, range: request.headers.range });
      const handler = this.#routes.get(path);
      if (!handler) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      Promise.resolve(handler(request, response)).catch((error: unknown) => {
        response.destroy(error as Error);
      });
    });
  }

  static async start(): Promise<AudioTestServer> {
    const server = new AudioTestServer();
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  url(path: string): string {
    return `${this.origin}${path}`;
  }

  route(path: string, handler: RouteHandler): this {
    this.#routes.set(path, handler);
    return this;
  }

  /** Serves a file with Content-Length and byte ranges, as a static file server does. */
  file(path: string, filePath: string, contentType: string): this {
    return this.route(path, async (request, response) => {
      const body = await readFile(filePath);
      const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
      if (range) {
        const start = Number(range[1]);
        const end = range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
        response.writeHead(206, {
          'content-type': contentType,
          'content-length': end - start + 1,
          'content-range': `bytes ${start}-${end}/${body.length}`,
          'accept-ranges': 'bytes',
        });
        response.end(body.subarray(start, end + 1));
        return;
      }
      response.writeHead(200, {
        'content-type': contentType,
        'content-length': body.length,
        'accept-ranges': 'bytes',
      });
      response.end(body);
    });
  }

  /** Serves `text` with a content type. */
  text(path: string, text: string, contentType: string): this {
    return this.route(path, (_request, response) => {
      response.writeHead(200, { 'content-type': contentType }).end(text);
    });
  }

  /**
   * An endless chunked stream looping `filePath`'s bytes, like a radio station: no length, a
   * chunk every 20 ms until the client leaves.
   */
  endless(path: string, filePath: string, headers: Record<string, string>): this {
    return this.route(path, async (request, response) => {
      const body = await readFile(filePath);
      response.writeHead(200, headers);
      let offset = 0;
      const timer = setInterval(() => {
        const chunk = body.subarray(offset, offset + 4096);
        offset = (offset + 4096) % body.length;
        response.write(chunk);
      }, 20);
      const stop = () => clearInterval(timer);
      request.on('close', stop);
      response.on('close', stop);
    });
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
