import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { supportedLanguages } from '../../settings/index.ts';
import { errorResponses } from '../schemas.ts';
import { requireSession } from './session-hooks.ts';
import type { SessionService } from './session-service.ts';

const preferencesSchema = z
  .object({ locale: z.enum(supportedLanguages).describe('The dashboard’s language') })
  .strict();

/**
 * `PUT /api/auth/preferences`: the caller's panel preferences, kept in their profile (so a new
 * browser comes back in their language). Registered inside the panel plugin: the session hook
 * has run and refused a write without the CSRF token.
 */
export const preferencesRoutes: FastifyPluginAsyncZod<{ sessions: SessionService }> = async (
  app,
  { sessions },
) => {
  app.put(
    '/api/auth/preferences',
    {
      schema: {
        tags: ['auth'],
        summary: 'Save the caller’s dashboard language in their profile (needs X-CSRF-Token)',
        body: preferencesSchema,
        response: { 200: preferencesSchema, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => {
      await sessions.setPanelLocale(requireSession(request), request.body.locale);
      return { locale: request.body.locale };
    },
  );
};
