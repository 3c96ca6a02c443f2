import { z } from 'zod';
import { supportedLanguages } from '../settings/contract.ts';

/**
 * The panel's own wire shapes: the error every answer may be, what the first page asks
 * (`/api/meta`), the logged-in user and their sessions, and the servers they manage.
 * Browser-clean (zod and other browser-clean files only): the dashboard imports its types from here.
 */

/** One invalid field, as `VALIDATION_FAILED` lists them in `details`. */
export const fieldIssueSchema = z.object({ path: z.string(), message: z.string() });
export type FieldIssue = z.output<typeof fieldIssueSchema>;

/** The error shape of every API answer. */
export const errorBodySchema = z
  .object({
    error: z.string().describe('Stable identifier, e.g. VALIDATION_FAILED, FORBIDDEN'),
    message: z.string().describe('For humans; may change'),
    details: z.unknown().optional(),
    requestId: z.string().describe('Also in the X-Request-Id header and every log line'),
  })
  .meta({ id: 'ApiError' });
export type ApiErrorBody = z.output<typeof errorBodySchema>;

/** `GET /api/meta`: what the dashboard's first page needs before anyone logs in. */
export const panelMetaSchema = z.object({
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
export type PanelMeta = z.output<typeof panelMetaSchema>;

export const panelUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  globalName: z.string().nullable(),
  avatar: z.string().nullable(),
});
export type PanelUser = z.output<typeof panelUserSchema>;

/** `GET /api/auth/me`: the logged-in user and the CSRF token to send with every write. */
export const panelMeSchema = z.object({
  user: panelUserSchema,
  csrfToken: z.string(),
  sessionExpiresAt: z.iso.datetime(),
  locale: z
    .string()
    .nullable()
    .describe('The dashboard language saved with PUT /api/auth/preferences; null until then'),
});
export type PanelMe = z.output<typeof panelMeSchema>;

/** `PUT /api/auth/preferences`: body and answer. */
export const panelPreferencesSchema = z
  .object({ locale: z.enum(supportedLanguages).describe('The dashboard’s language') })
  .strict();
export type PanelPreferences = z.output<typeof panelPreferencesSchema>;

/** One of the caller's panel sessions. */
export const panelSessionSchema = z.object({
  id: z.string(),
  userAgent: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  current: z.boolean(),
});
export type PanelSession = z.output<typeof panelSessionSchema>;

/** `GET /api/auth/sessions`. */
export const panelSessionListSchema = z.object({ sessions: z.array(panelSessionSchema) });
export type PanelSessionList = z.output<typeof panelSessionListSchema>;

/** A server the caller owns or manages. */
export const panelGuildSchema = z.object({
  id: z.string(),
  name: z.string(),
  icon: z.string().nullable(),
  owner: z.boolean(),
  botPresent: z.boolean(),
  inviteUrl: z.string().nullable(),
});
export type PanelGuild = z.output<typeof panelGuildSchema>;

/** `GET /api/guilds`. */
export const panelGuildListSchema = z.object({ guilds: z.array(panelGuildSchema) });
export type PanelGuildList = z.output<typeof panelGuildListSchema>;
