import type { FastifyInstance } from 'fastify';
import type { DiscordControl } from './control.ts';

/** Control operations reachable over HTTP as `POST /control/<name>` with a JSON body. */
export const CONTROL_OPERATIONS = [
  'createApplication',
  'updateApplication',
  'createUser',
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
}
