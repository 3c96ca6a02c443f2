import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { SPOTIFY_CONTROL_OPERATIONS, type SpotifyControl, type SpotifyState } from './control.ts';
import { FAULT_MESSAGES } from './faults.ts';
import { noteUser, userOf } from './user-routes.ts';

const isControlUrl = (url: string) =>
  url === '/control' || url.startsWith('/control/') || url.startsWith('/control?');

const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

/**
 * The control API has no authentication, so (like the Discord emulator's) it answers only a
 * loopback `Host`, no foreign `Origin`, and JSON bodies only: a web page can't drive it.
 */
function refuseForeign(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  if (!LOOPBACK.test(request.headers.host ?? ''))
    return reply.code(403).send({ error: 'the control API answers only loopback host names' });
  const origin = request.headers.origin;
  if (origin !== undefined) {
    let host = '';
    try {
      host = new URL(origin).host;
    } catch {}
    if (!LOOPBACK.test(host))
      return reply.code(403).send({ error: `the control API refuses origin "${origin}"` });
  }
  const type = request.headers['content-type'];
  if (request.method === 'POST' && type !== undefined && !/^application\/json\s*(;|$)/i.test(type))
    return reply
      .code(415)
      .send({ error: 'the control API takes JSON bodies only (Content-Type: application/json)' });
  return undefined;
}

/** `GET /control` lists the operations; `POST /control/<op>` runs one (bad input: 400 with the issues). */
export function registerSpotifyControlRoutes(app: FastifyInstance, control: SpotifyControl): void {
  const known = new Set<string>(SPOTIFY_CONTROL_OPERATIONS);
  app.addHook('onRequest', async (request, reply) => {
    if (isControlUrl(request.url)) return refuseForeign(request, reply);
  });
  app.get('/control', async () => ({ operations: SPOTIFY_CONTROL_OPERATIONS, emulator: control.describe() }));
  app.post('/control/:operation', async (request, reply) => {
    const { operation } = request.params as { operation: string };
    if (!known.has(operation))
      return reply.code(404).send({ error: `unknown control operation "${operation}"` });
    const run = control[operation as (typeof SPOTIFY_CONTROL_OPERATIONS)[number]] as (
      input: unknown,
    ) => unknown;
    try {
      return reply.send(run.call(control, request.body ?? {}));
    } catch (error) {
      if (error instanceof ZodError)
        return reply.code(400).send({
          error: 'invalid control input',
          issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      return reply.code(400).send({ error: error instanceof Error ? error.message : String(error) });
    }
  });
}

/**
 * Queued faults answer a request before its route does (429 with `Retry-After` in seconds, a
 * 5xx, or a delay), and every non-control request is logged with its route, status and user.
 */
export function registerFaultsAndLog(app: FastifyInstance, state: SpotifyState): void {
  app.addHook('onRequest', async (request, reply) => {
    if (isControlUrl(request.url)) return;
    const path = request.url.split('?')[0] ?? '';
    const fault = state.faults.take(path);
    if (!fault) return;
    // Attribute a faulted request to its user too: "was anyone polled twice" counts every attempt.
    const auth = state.accounts.authenticate(request.headers.authorization);
    if (auth.ok && auth.subject.kind === 'user') noteUser(request, auth.subject.userId);
    if (fault.kind === 'delay') {
      await sleep(fault.ms);
      return;
    }
    const status = fault.kind === 'rateLimit' ? 429 : fault.status;
    const message = FAULT_MESSAGES[status] ?? 'Server error.';
    if (fault.kind === 'rateLimit') reply.header('retry-after', String(fault.retryAfterS));
    const body = path.startsWith('/v1/')
      ? { error: { status, message } }
      : { error: status === 429 ? 'too_many_requests' : 'server_error', error_description: message };
    return reply.code(status).send(body);
  });
  app.addHook('onResponse', async (request, reply) => {
    if (isControlUrl(request.url)) return;
    const route = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
    state.log.push({
      method: request.method,
      endpoint: `${request.method} ${route}`,
      url: request.url,
      userId: userOf(request),
      status: reply.statusCode,
    });
  });
}
