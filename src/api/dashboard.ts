import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build` puts the dashboard (web/dist, beside src/ in the package). */
export const DASHBOARD_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

/** Paths that belong to the api and ops routes: an unknown one is a JSON 404, never the dashboard. */
const API_PATHS = /^\/(api|healthz|readyz|metrics)(\/|$|\?)/;

const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>Gramophone</title>
<h1>Gramophone is running</h1>
<p>The dashboard has not been built. Run <code>npm run build</code> (it needs the dev dependencies) and reload.</p>
<p>The API answers under <a href="/api/docs">/api/docs</a>.</p>`;

/**
 * Serves the built dashboard: hashed assets with a year's caching (their names change with
 * their content), and `index.html` — never cached, so a new build is picked up — for every
 * other GET that asks for a page, which lets React Router own the paths (/servers/123/music).
 */
export function registerDashboard(
  app: FastifyInstance,
  root = DASHBOARD_DIR,
): (request: FastifyRequest, reply: FastifyReply) => FastifyReply {
  const built = existsSync(join(root, 'index.html'));
  if (built) {
    app.register(fastifyStatic, {
      root,
      index: false,
      wildcard: true,
      cacheControl: false,
      setHeaders(reply, path) {
        reply.setHeader(
          'cache-control',
          path.includes(`${join(root, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  const page = (_request: FastifyRequest, reply: FastifyReply) => {
    if (!built) return reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root);
  };
  app.get('/', page);
  return page;
}

/** Whether a not-found request should get the dashboard's page rather than a JSON 404. */
export function wantsDashboardPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (API_PATHS.test(request.url)) return false;
  return (request.headers.accept ?? '').includes('text/html');
}
