import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CapabilityContext } from '../../capability/index.ts';
import { ApiError, errorResponses } from '../../http/index.ts';
import { runArchiveRound } from './archive-jobs.ts';
import { CronSignatureVerifier } from './cron-signature.ts';

export const CRON_SIGNATURE_HEADER = 'x-gramophone-signature';

export interface CronRoutesOptions {
  context: Pick<CapabilityContext, 'config' | 'database' | 'jobs'>;
  now?: () => number;
}

/**
 * `POST /api/cron/archive`: plans a Spotify archival round now, for deployments whose clock
 * is outside (a cron job or scheduler calling in). Server-to-server: no session, authenticated
 * by an HMAC signature with CRON_SIGNING_KEY (cron-signature.ts); a 404 when that key is unset.
 */
export const cronRoutes: FastifyPluginAsyncZod<CronRoutesOptions> = async (
  app,
  { context, now = Date.now },
) => {
  const key = context.config.CRON_SIGNING_KEY;
  const verifier = key ? new CronSignatureVerifier(key, now) : null;
  // The signature covers the raw body: keep it as a string (in this plugin only).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post(
    '/api/cron/archive',
    {
      schema: {
        tags: ['history'],
        summary: 'Run a Spotify archival round now (signed with CRON_SIGNING_KEY)',
        description:
          'Header `X-Gramophone-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(CRON_SIGNING_KEY, "<t>.<raw body>")>`; the timestamp must be within 5 minutes and each signature is accepted once. 404 when CRON_SIGNING_KEY is unset.',
        response: {
          202: z.object({ due: z.number().int(), sent: z.number().int() }),
          ...errorResponses(401, 404, 429),
        },
      },
    },
    async (request, reply) => {
      if (!verifier) throw new ApiError(404, 'NOT_FOUND', 'Route POST /api/cron/archive not found');
      const header = request.headers[CRON_SIGNATURE_HEADER];
      const body = typeof request.body === 'string' ? request.body : '';
      const verdict = verifier.verify(typeof header === 'string' ? header : undefined, body);
      if (verdict !== 'ok') {
        request.log.warn({ verdict }, 'cron call refused');
        throw new ApiError(401, 'BAD_SIGNATURE', `The request signature is not accepted (${verdict}).`);
      }
      return reply.code(202).send(await runArchiveRound(context, now()));
    },
  );
};
