import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * An HTTP server that can really go away and come back on the same port, so a client sees
 * "connection refused" during an outage (not just a 503), plus a second, always-up listener for
 * the control API that tests and the sandbox use to end the outage.
 */
export class OutageServer {
  readonly #api: ReturnType<typeof createServer>;
  readonly #control: ReturnType<typeof createServer>;
  readonly #host: string;
  #port = 0;
  #listening = false;

  constructor(apiHandler: Handler, controlHandler: Handler, host: string) {
    this.#api = createServer(apiHandler);
    this.#control = createServer(controlHandler);
    this.#host = host;
  }

  async start(port: number): Promise<void> {
    this.#port = await listen(this.#api, this.#host, port);
    this.#listening = true;
    await listen(this.#control, this.#host, 0);
  }

  get url(): string {
    return origin(this.#host, this.#port);
  }

  get controlUrl(): string {
    return origin(this.#host, (this.#control.address() as AddressInfo).port);
  }

  /** Stops accepting connections: clients get ECONNREFUSED until {@link reopen}. */
  async refuse(): Promise<void> {
    if (!this.#listening) return;
    this.#listening = false;
    await close(this.#api);
  }

  async reopen(): Promise<void> {
    if (this.#listening) return;
    await listen(this.#api, this.#host, this.#port);
    this.#listening = true;
  }

  async close(): Promise<void> {
    await Promise.all([this.#listening ? close(this.#api) : Promise.resolve(), close(this.#control)]);
    this.#listening = false;
  }
}

function origin(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function listen(server: ReturnType<typeof createServer>, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: ReturnType<typeof createServer>): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** The request body as text, bounded so a runaway client can't fill the emulator's memory. */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** One control operation: its input schema and what it does. */
export interface ControlOperation {
  input: z.ZodType;
  run(input: never): unknown;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a `Host` (or an `Origin`'s host) is loopback: the control API has no authentication. */
function isLoopbackHost(host: string | undefined): boolean {
  const name = /^(\[[^\]]+\]|[^:]+)(?::\d{1,5})?$/.exec(host?.trim() ?? '')?.[1];
  return name !== undefined && LOOPBACK_NAMES.has(name.toLowerCase());
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    return isLoopbackHost(new URL(origin).host);
  } catch {
    return false;
  }
}

/**
 * The control API over HTTP, like the Discord emulator's: `GET /control` lists the operations,
 * `POST /control/<name>` runs one with a JSON body checked by its zod schema (400 with the field
 * paths). Only loopback `Host`s and `Origin`s, so a web page can't drive it (DNS rebinding, CSRF).
 */
export async function serveControl(
  request: IncomingMessage,
  response: ServerResponse,
  operations: Record<string, ControlOperation>,
): Promise<void> {
  const origin = request.headers.origin;
  if (!isLoopbackHost(request.headers.host) || (origin !== undefined && !isLoopbackOrigin(origin)))
    return sendJson(response, 403, { error: 'the control API answers loopback requests only' });
  const url = new URL(request.url ?? '/', 'http://control.local');
  if (request.method === 'GET' && url.pathname === '/control')
    return sendJson(response, 200, { operations: Object.keys(operations) });
  const name = /^\/control\/([A-Za-z0-9]+)$/.exec(url.pathname)?.[1];
  const operation = name !== undefined && Object.hasOwn(operations, name) ? operations[name] : undefined;
  if (request.method !== 'POST' || !operation)
    return sendJson(response, 404, { error: `unknown control operation ${request.method} ${url.pathname}` });
  const text = (await readBody(request, 1_000_000)) ?? '';
  if (text !== '' && !/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? ''))
    return sendJson(response, 415, { error: 'the body must be application/json' });
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    return sendJson(response, 400, { error: 'the body is not JSON' });
  }
  const parsed = operation.input.safeParse(body);
  if (!parsed.success)
    return sendJson(response, 400, {
      error: 'invalid input',
      issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
  const result = await operation.run(parsed.data as never);
  sendJson(response, 200, result ?? { ok: true });
}
