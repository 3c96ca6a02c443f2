import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { findNetGuardError } from './errors.ts';

/** What the proxy needs from the guard: the checked addresses of a host. */
interface AddressChecker {
  addressesOf(hostname: string): Promise<{ address: string }[]>;
}

/** Request headers that concern the hop to the proxy, not the origin. */
const HOP_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * A forward proxy on 127.0.0.1 for child programs that fetch URLs themselves (ffmpeg with
 * `-http_proxy`): plain http requests in absolute form are forwarded, https goes through
 * CONNECT tunnels, and every target — each redirect and each HLS segment arrives as a request
 * of its own — is checked by the guard and reached at the address that was checked. It never
 * follows redirects itself and refuses anything that is not a proxy request.
 */
export class GuardedProxy {
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(guard: AddressChecker): Promise<GuardedProxy> {
    const server = createServer((req, res) => void forward(guard, req, res));
    server.on(
      'connect',
      (req: IncomingMessage, socket: Duplex, head: Buffer) => void tunnel(guard, req, socket, head),
    );
    server.on('clientError', (_error, socket) => socket.destroy());
    // Never what keeps the process alive: it serves only while a track or probe needs it.
    server.unref();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return new GuardedProxy(server, `http://127.0.0.1:${port}`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function forward(guard: AddressChecker, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let target: URL;
  try {
    target = new URL(req.url ?? '');
  } catch {
    res.writeHead(400).end();
    return;
  }
  if (target.protocol !== 'http:' || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(405).end();
    return;
  }
  let address: string;
  try {
    address = (await guard.addressesOf(target.hostname))[0]?.address ?? '';
  } catch (error) {
    res.writeHead(findNetGuardError(error) ? 403 : 502).end();
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_HEADERS.has(name)) headers[name] = value;
  }
  headers.host = target.host;
  const upstream = request(
    {
      host: address,
      port: target.port || 80,
      path: `${target.pathname}${target.search}`,
      method: req.method,
      headers,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.destroy();
  });
  res.on('close', () => upstream.destroy());
  upstream.end();
}

async function tunnel(
  guard: AddressChecker,
  req: IncomingMessage,
  client: Duplex,
  head: Buffer,
): Promise<void> {
  client.on('error', () => client.destroy());
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(req.url ?? '');
  if (!match?.[1] || !match[2]) {
    client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    return;
  }
  let address: string;
  try {
    address = (await guard.addressesOf(match[1]))[0]?.address ?? '';
  } catch (error) {
    client.end(`HTTP/1.1 ${findNetGuardError(error) ? '403 Forbidden' : '502 Bad Gateway'}\r\n\r\n`);
    return;
  }
  const upstream: Socket = connect({ host: address, port: Number(match[2]) }, () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', () => {
    if (upstream.connecting) client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    else client.destroy();
  });
  client.on('close', () => upstream.destroy());
}
