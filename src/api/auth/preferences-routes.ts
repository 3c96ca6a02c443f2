import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../http/index.ts';
import { panelPreferencesSchema } from '../contract.ts';
import { requireSession } from './session-hooks.ts';
import type { SessionService } from './session-service.ts';

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
        body: panelPreferencesSchema,
        response: { 200: panelPreferencesSchema, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => {
      await sessions.setPanelLocale(requireSession(request), request.body.locale);
      return { locale: request.body.locale };
    },
  );
};
