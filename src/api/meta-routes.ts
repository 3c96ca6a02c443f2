import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { languages } from '../i18n/index.ts';
import { errorResponses } from './schemas.ts';

/** The package's version, read once (the dashboard shows it; support asks for it). */
export const PACKAGE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The dashboard speaks the bot's languages. */
export const PANEL_LOCALES = Object.keys(languages);

const metaSchema = z.object({
  name: z.string(),
  version: z.string(),
  loginEnabled: z.boolean().describe('Whether "Log in with Discord" works (DISCORD_CLIENT_ID is set)'),
  sandbox: z.boolean().describe('Whether this process runs the local Discord sandbox (no DISCORD_TOKEN)'),
  inviteUrl: z
    .string()
    .nullable()
    .describe('A bot invite letting the user pick a server; null without login'),
  locales: z.array(z.string()),
});
export type PanelMeta = z.infer<typeof metaSchema>;

/** `GET /api/meta`: what the dashboard's first page needs before anyone logs in. Public. */
export const metaRoutes: FastifyPluginAsync<{ meta: PanelMeta }> = async (app, { meta }) => {
  app.get(
    '/api/meta',
    {
      schema: {
        tags: ['meta'],
        summary: 'What this Gramophone offers: login, sandbox, invite link, languages',
        response: { 200: metaSchema, ...errorResponses(429) },
      },
    },
    async () => meta,
  );
};
