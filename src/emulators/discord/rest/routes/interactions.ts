import type { FastifyInstance } from 'fastify';
import { readMessageRequest } from '../body.ts';
import type { RestContext } from '../context.ts';

type WebhookParams = { applicationId: string; token: string; messageId: string };

/**
 * Interaction callbacks and the interaction webhook. discord.js sends these without authorization
 * (the token in the path is the credential), so the routes take none.
 */
export function registerInteractionRoutes(api: FastifyInstance, ctx: RestContext): void {
  const none = { config: { auth: 'none' as const } };

  api.post('/interactions/:interactionId/:token/callback', none, async (request, reply) => {
    const { interactionId, token } = request.params as { interactionId: string; token: string };
    const withResponse = (request.query as Record<string, string>).with_response === 'true';
    const { body, files } = await readMessageRequest(request);
    const result = ctx.interactions.callback(interactionId, token, body, files, withResponse);
    return result ? reply.send(result) : reply.code(204).send();
  });

  api.post('/webhooks/:applicationId/:token', none, async (request, reply) => {
    const { applicationId, token } = request.params as WebhookParams;
    const { body, files } = await readMessageRequest(request);
    const message = ctx.interactions.followUp(applicationId, token, body, files);
    const wait = (request.query as Record<string, string>).wait === 'true';
    return wait ? reply.send(message) : reply.code(204).send();
  });

  api.get('/webhooks/:applicationId/:token/messages/:messageId', none, async (request) => {
    const { applicationId, token, messageId } = request.params as WebhookParams;
    return ctx.interactions.getMessage(applicationId, token, messageId);
  });

  api.patch('/webhooks/:applicationId/:token/messages/:messageId', none, async (request) => {
    const { applicationId, token, messageId } = request.params as WebhookParams;
    const { body, files } = await readMessageRequest(request);
    return ctx.interactions.editMessage(applicationId, token, messageId, body, files);
  });

  api.delete('/webhooks/:applicationId/:token/messages/:messageId', none, async (request, reply) => {
    const { applicationId, token, messageId } = request.params as WebhookParams;
    ctx.interactions.deleteMessage(applicationId, token, messageId);
    return reply.code(204).send();
  });
}
