import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import { errorResponses } from '../http/index.ts';
import { languages } from '../i18n/index.ts';
import { type PanelMeta, panelMetaSchema } from './contract.ts';

/** The package's version, read once (the dashboard shows it; support asks for it). */
export const PACKAGE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The dashboard speaks the bot's languages. */
export const PANEL_LOCALES = Object.keys(languages);

/** `GET /api/meta`: what the dashboard's first page needs before anyone logs in. Public. */
export const metaRoutes: FastifyPluginAsync<{ meta: PanelMeta }> = async (app, { meta }) => {
  app.get(
    '/api/meta',
    {
      schema: {
        tags: ['meta'],
        summary: 'What this Gramophone offers: login, sandbox, invite link, languages',
        response: { 200: panelMetaSchema, ...errorResponses(429) },
      },
    },
    async () => meta,
  );
};
