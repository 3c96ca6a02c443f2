import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { OAuthError } from '../../domain/oauth.ts';
import { ApiErrors } from '../../errors.ts';
import { serializeUser } from '../../state/serialize.ts';
import type { RestContext } from '../context.ts';
import { authorizedPage, chooseGuildPage, wantsHtml } from './invite-pages.ts';

const authorizeQuery = z.looseObject({
  client_id: z.string().optional(),
  redirect_uri: z.string().url().optional(),
  response_type: z.string().optional(),
  scope: z.string().optional(),
  state: z.string().optional(),
  code_challenge: z.string().optional(),
  code_challenge_method: z.string().optional(),
  login_as: z.string().optional(),
  guild_id: z.string().optional(),
  permissions: z.string().regex(/^\d+$/).optional(),
  prompt: z.string().optional(),
});
const formSchema = z.record(z.string(), z.string());

/**
 * OAuth2: the authorize page (consents at once as the emulated user and redirects), the token
 * endpoint (form-encoded, under /api and /api/v10), revocation and the current authorization.
 */
export function registerOAuthRoutes(app: FastifyInstance, ctx: RestContext): void {
  const authorize = async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
    const parsed = authorizeQuery.safeParse(request.query);
    if (!parsed.success)
      throw new OAuthError(400, 'invalid_request', parsed.error.issues[0]?.message ?? 'Invalid request');
    const result = ctx.oauth.authorize(parsed.data);
    if ('redirect' in result) return reply.redirect(result.redirect, 302);
    const html = wantsHtml(request.headers.accept);
    if ('chooseGuild' in result) {
      if (!html) throw new OAuthError(400, 'invalid_request', 'A bot invite needs an existing guild_id');
      // The page the invite came from rides along, for the "Back" link after the choice.
      const back = backLink(request.headers.referer);
      const query = back ? { ...parsed.data, return_to: back } : parsed.data;
      return reply.type('text/html; charset=utf-8').send(chooseGuildPage(result.chooseGuild, query));
    }
    if (!html) return reply.send(result.result);
    const app = ctx.world.store.applications.get(parsed.data.client_id ?? '');
    const guild = ctx.world.store.guilds.get(parsed.data.guild_id ?? '');
    return reply
      .type('text/html; charset=utf-8')
      .send(
        authorizedPage(
          app?.name ?? 'The bot',
          guild?.name ?? 'the server',
          backLink(returnTo(parsed.data) ?? request.headers.referer),
        ),
      );
  };
  app.get('/oauth2/authorize', { config: { auth: 'none' } }, authorize);
  app.get('/api/oauth2/authorize', { config: { auth: 'none' } }, authorize);

  const basicAuth = (request: FastifyRequest) => {
    const header = request.headers.authorization ?? '';
    if (!header.toLowerCase().startsWith('basic ')) return null;
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString();
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    return {
      id: decodeURIComponent(decoded.slice(0, colon)),
      secret: decodeURIComponent(decoded.slice(colon + 1)),
    };
  };
  const form = (request: FastifyRequest) => {
    const parsed = formSchema.safeParse(request.body ?? {});
    if (!parsed.success) throw new OAuthError(400, 'invalid_request', 'Expected a form-encoded body');
    return parsed.data;
  };

  for (const prefix of ['/api', '/api/v10']) {
    app.post(`${prefix}/oauth2/token`, { config: { auth: 'none' } }, async (request) =>
      ctx.oauth.token(form(request), basicAuth(request)),
    );
    // Like Discord: 200 with an empty body (known token or not); a bad client is 401 invalid_client.
    app.post(`${prefix}/oauth2/token/revoke`, { config: { auth: 'none' } }, async (request, reply) => {
      ctx.oauth.revoke(form(request), basicAuth(request));
      return reply.code(200).send();
    });
    app.get(`${prefix}/oauth2/@me`, { config: { auth: 'bot-or-bearer' } }, async (request) => {
      const grant = request.discordBearer;
      if (!grant) throw ApiErrors.unauthorized();
      const application = ctx.world.store.applications.get(grant.applicationId);
      return {
        application: application
          ? { id: application.id, name: application.name, icon: null, bot_public: true }
          : null,
        scopes: grant.scopes,
        expires: new Date(grant.expiresAt).toISOString(),
        ...(grant.scopes.includes('identify')
          ? { user: serializeUser(ctx.world.store.user(grant.userId)) }
          : {}),
      };
    });
  }
}

/** A page to go back to after an invite: the referring page, unless it is the invite itself. */
function backLink(referer: string | undefined): string | null {
  if (!referer) return null;
  try {
    const url = new URL(referer);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.pathname.endsWith('/oauth2/authorize') ? null : url.toString();
  } catch {
    return null;
  }
}

function returnTo(query: Record<string, unknown>): string | undefined {
  return typeof query.return_to === 'string' ? query.return_to : undefined;
}
