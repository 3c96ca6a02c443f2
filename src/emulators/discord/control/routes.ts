import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isJsonContentType, isLoopbackHost, isLoopbackOrigin } from '../http/loopback.ts';
import type { DiscordControl } from './control.ts';

/** Control operations reachable over HTTP as `POST /control/<name>` with a JSON body. */
export const CONTROL_OPERATIONS = [
  'createApplication',
  'updateApplication',
  'createUser',
  'updateUser',
  'createGuild',
  'createChannel',
  'updateChannel',
  'deleteChannel',
  'setPermissionOverwrite',
  'deletePermissionOverwrite',
  'createRole',
  'updateRole',
  'deleteRole',
  'addMember',
  'removeMember',
  'updateMember',
  'addBotToGuild',
  'removeBotFromGuild',
  'slashCommand',
  'autocomplete',
  'clickButton',
  'selectMenu',
  'submitModal',
  'followUps',
  'interaction',
  'joinVoice',
  'leaveVoice',
  'voiceStates',
  'sendMessage',
  'openDm',
  'listMessages',
  'getMessage',
  'deleteMessage',
  'addReaction',
  'removeReaction',
  'sessions',
  'dropSessions',
  'reconnect',
  'invalidateSession',
  'waitForSession',
  'rateLimit',
  'clearRateLimits',
  'requests',
  'setDefaultOAuthUser',
  'issueUserToken',
  'guild',
  'permissions',
  'commands',
  'voiceReception',
] as const satisfies readonly (keyof DiscordControl)[];

export type ControlOperation = (typeof CONTROL_OPERATIONS)[number];

/**
 * Registers the HTTP control API: `GET /control` lists operations and `describe()`, `POST /control/:op`
 * runs one (inputs are zod-validated by the control class; bad input answers 400 with the issues).
 */
export function registerControlRoutes(
  app: FastifyInstance,
  control: DiscordControl,
  describe: () => unknown,
): void {
  const known = new Set<string>(CONTROL_OPERATIONS);
  app.addHook('onRequest', async (request, reply) => {
    if (isControlUrl(request.url)) return refuseForeign(request, reply);
  });
  app.get('/control', async () => ({ operations: CONTROL_OPERATIONS, emulator: describe() }));
  app.get('/control/describe', async () => describe());
  app.post('/control/:operation', async (request, reply) => {
    const { operation } = request.params as { operation: string };
    if (!known.has(operation))
      return reply.code(404).send({ error: `unknown control operation "${operation}"` });
    const run = control[operation as ControlOperation] as (input: unknown) => unknown;
    const result = await run.call(control, request.body ?? {});
    return reply.send(result === undefined ? { ok: true } : result);
  });
  // For tools that only GET (curl, a test in any language): the voice server's reception of a guild.
  app.get('/control/voice/:guildId', async (request) => {
    const { guildId } = request.params as { guildId: string };
    return control.voiceReception({ ...(request.query as Record<string, unknown>), guildId });
  });
}

function isControlUrl(url: string): boolean {
  return url === '/control' || url.startsWith('/control/') || url.startsWith('/control?');
}

/**
 * The control API has no authentication, so it answers only this machine: a loopback `Host`
 * (a DNS-rebound name is refused), no `Origin` other than a loopback one (a cross-site page is
 * refused), and bodies as JSON only (a cross-site form can't send that without a preflight).
 */
function refuseForeign(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  if (!isLoopbackHost(request.headers.host)) {
    return reply.code(403).send({
      error: `the control API answers only loopback host names (localhost, 127.0.0.1, [::1]), not "${request.headers.host ?? ''}"`,
    });
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !isLoopbackOrigin(origin)) {
    return reply.code(403).send({ error: `the control API refuses requests from origin "${origin}"` });
  }
  if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
  const type = request.headers['content-type'];
  const hasBody =
    type !== undefined ||
    request.headers['transfer-encoding'] !== undefined ||
    Number(request.headers['content-length'] ?? 0) > 0;
  if (hasBody && !isJsonContentType(type)) {
    return reply
      .code(415)
      .send({ error: 'the control API takes JSON bodies only (Content-Type: application/json)' });
  }
  return undefined;
}
