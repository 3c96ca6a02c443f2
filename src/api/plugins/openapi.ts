import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/**
 * The OpenAPI document, generated from the routes' zod schemas: JSON at `/api/openapi.json`,
 * swagger-ui at `/api/docs`. Must be registered before the routes it describes.
 */
export function registerOpenApi(app: FastifyInstance): void {
  app.register(swagger, {
    openapi: {
      info: {
        title: 'Gramophone control panel API',
        description:
          'Session cookie auth (log in at /api/auth/discord/login); /api/bot/* takes Authorization: Bearer <key of BOT_API_KEYS> instead. Every non-GET request with a session needs the X-CSRF-Token header from GET /api/auth/me. Errors: { error, message, details?, requestId }.',
        version: '1',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gramophone_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
          botApiKey: { type: 'http', scheme: 'bearer', description: 'A key of BOT_API_KEYS (/api/bot/*)' },
        },
      },
      tags: [
        { name: 'auth', description: 'Login with Discord, sessions' },
        { name: 'guilds', description: 'Servers the caller manages and their channels and roles' },
        { name: 'settings', description: 'Server settings and their audit log' },
        { name: 'analytics', description: 'Listening, member and command figures, and their CSV export' },
        { name: 'music', description: 'The live queue, its operations, and the server’s event stream (SSE)' },
        { name: 'bot', description: 'For services of a split deployment, with an API key (BOT_API_KEYS)' },
        { name: 'history', description: 'The caller’s own listening history and its settings (/api/me)' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
