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
          'Session cookie auth (log in at /api/auth/discord/login). Every non-GET request needs the X-CSRF-Token header from GET /api/auth/me. Errors: { error, message, details?, requestId }.',
        version: '1',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gramophone_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        },
      },
      tags: [
        { name: 'auth', description: 'Login with Discord, sessions' },
        { name: 'guilds', description: 'Servers the caller manages and their channels and roles' },
        { name: 'settings', description: 'Server settings and their audit log' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
