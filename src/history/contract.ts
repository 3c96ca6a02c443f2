import { z } from 'zod';
import { listenSources } from './listen-input.ts';

/*
 * The history routes' wire types (`/api/me/history/*`): the schemas the routes validate with
 * and the dashboard is typed from. Browser-clean: zod only.
 */

export const LISTEN_LOG_MAX_PAGE = 200;

const instant = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z',
});

/** `GET /api/me/history/listens` query. */
export const listenLogQuerySchema = z
  .strictObject({
    cursor: z.string().min(1).max(200).optional().describe('`nextCursor` of the previous page'),
    limit: z.coerce.number().int().min(1).max(LISTEN_LOG_MAX_PAGE).default(50),
    source: z.enum(listenSources).optional(),
    from: instant.optional().describe('Listens that started at or after'),
    to: instant.optional().describe('Listens that started before'),
    q: z.string().trim().min(1).max(200).optional().describe('Words in the title, artists or album'),
  })
  .refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
    path: ['to'],
    error: 'must be after from',
  });

export const loggedListenSchema = z
  .object({
    id: z.number().int(),
    playedAt: z.string().describe('When the play started (ISO 8601, UTC)'),
    msPlayed: z.number().int().nullable(),
    source: z.enum(listenSources),
    track: z.object({
      title: z.string(),
      artists: z.string().describe('As credited, comma-separated'),
      album: z.string().nullable(),
      durationMs: z.number().int().nullable(),
      spotifyTrackId: z.string().nullable(),
    }),
  })
  .meta({ id: 'LoggedListen' });

export const listenLogPageSchema = z.object({
  listens: z.array(loggedListenSchema),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for older listens; null on the last page'),
});

/** `GET|PUT /api/me/history/settings`. */
export const historySettingsSchema = z.strictObject({
  voiceHistory: z.boolean().describe('Voice plays you hear in Discord become listens (off by default)'),
});
export type HistorySettingsBody = z.output<typeof historySettingsSchema>;
