import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, errorResponses, requireSession } from '../../http/index.ts';
import type { JobQueue } from '../../jobs/index.ts';
import { HistoryImportError, type ImportLimits, openHistoryImport } from '../import/index.ts';
import {
  historyImportParamsSchema,
  historyImportSchema,
  historyImportUploadQuerySchema,
} from './contract.ts';
import { HISTORY_IMPORT_JOB } from './import-job.ts';
import { type HistoryImportStore, viewOf } from './import-store.ts';
import { saveUpload, UploadTooLargeError } from './upload-file.ts';

export interface HistoryImportRoutesOptions {
  store: HistoryImportStore;
  jobs: Pick<JobQueue, 'send'>;
  /** Where uploads wait for their job (DATA_DIR/history-imports). */
  uploadDir: string;
  limits: Pick<ImportLimits, 'maxFileBytes' | 'maxUncompressedBytes'>;
}

/** How the import job retries after a crash or a database error: it resumes where it stopped. */
export const HISTORY_IMPORT_SEND_OPTIONS = {
  retryLimit: 5,
  retryDelay: 30,
  retryBackoff: true,
  // A large export takes minutes; an attempt stuck for hours is failed and resumed.
  expireInSeconds: 4 * 3600,
} as const;

const tooLarge = (max: number) =>
  new ApiError(
    413,
    'IMPORT_TOO_LARGE',
    `The file is larger than the ${max} bytes accepted (HISTORY_IMPORT_MAX_BYTES).`,
  );

/** `corrupt-zip` → `IMPORT_CORRUPT_ZIP`. */
const apiCodeOf = (error: HistoryImportError) => `IMPORT_${error.code.toUpperCase().replaceAll('-', '_')}`;

/**
 * `/api/me/history/imports`: upload a history export (the raw file as the request body, streamed
 * to disk under the byte cap), checked up front, then imported by the `history.import` job.
 * Registered on its own (encapsulated) so that its body is a stream for these routes only.
 */
export const historyImportRoutes: FastifyPluginAsyncZod<HistoryImportRoutesOptions> = async (
  app,
  options,
) => {
  const { store, jobs, uploadDir, limits } = options;
  // The body stays a stream whatever its type: the file is sniffed, not trusted by its header.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  app.post(
    '/history/imports',
    {
      schema: {
        tags: ['history'],
        summary: 'Upload a history export to import (needs X-CSRF-Token)',
        description:
          'The body is the file itself (`application/zip`, `application/json` or `application/octet-stream`): a Spotify data export (my_spotify_data.zip or its JSON files) or a ListenBrainz export. It is checked before anything is stored (400 IMPORT_NOT_AN_EXPORT, IMPORT_CORRUPT_ZIP, IMPORT_ZIP_BOMB, …; 413 IMPORT_TOO_LARGE past HISTORY_IMPORT_MAX_BYTES), then imported in the background: follow it with GET /api/me/history/imports/:id or the `history.import.progress` events.',
        querystring: historyImportUploadQuerySchema,
        response: {
          202: z.object({ import: historyImportSchema }),
          ...errorResponses(400, 401, 403, 413, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const { userId } = requireSession(request);
      if (String(request.headers['content-type'] ?? '').startsWith('multipart/'))
        throw new ApiError(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the file itself as the request body (application/zip or application/json), not a form.',
        );
      const declared = Number(request.headers['content-length']);
      if (Number.isFinite(declared) && declared > limits.maxFileBytes) throw tooLarge(limits.maxFileBytes);
      const body = request.body as Readable | undefined;
      if (!body || typeof body.pipe !== 'function')
        throw new ApiError(400, 'IMPORT_EMPTY', 'The request has no file: send the export as the body.');
      const fileName = request.query.fileName ?? 'upload';
      await mkdir(uploadDir, { recursive: true });
      const path = join(uploadDir, `${randomUUID()}.upload`);
      let bytes: number;
      try {
        bytes = await saveUpload(body, path, limits.maxFileBytes);
      } catch (error) {
        if (error instanceof UploadTooLargeError) {
          // The client may still be sending: do not keep the connection for the rest.
          reply.header('connection', 'close');
          throw tooLarge(limits.maxFileBytes);
        }
        throw error;
      }
      try {
        const opened = await openHistoryImport(path, { userId, fileName, limits });
        opened.close();
      } catch (error) {
        await rm(path, { force: true });
        if (error instanceof HistoryImportError)
          throw new ApiError(error.code === 'too-large' ? 413 : 400, apiCodeOf(error), error.message, {
            reason: error.code,
          });
        throw error;
      }
      try {
        const row = await store.create({ userId, fileName, storedPath: path, bytesTotal: bytes });
        await jobs.send(HISTORY_IMPORT_JOB, { importId: row.id }, HISTORY_IMPORT_SEND_OPTIONS);
        return reply.code(202).send({ import: viewOf(row) });
      } catch (error) {
        await rm(path, { force: true });
        throw error;
      }
    },
  );

  app.get(
    '/history/imports',
    {
      schema: {
        tags: ['history'],
        summary: 'The caller’s imports, newest first (the latest 50)',
        response: { 200: z.object({ imports: z.array(historyImportSchema) }), ...errorResponses(401, 429) },
      },
    },
    async (request) => ({
      imports: (await store.listOwn(requireSession(request).userId)).map(viewOf),
    }),
  );

  app.get(
    '/history/imports/:id',
    {
      schema: {
        tags: ['history'],
        summary: 'One of the caller’s imports',
        params: historyImportParamsSchema,
        response: { 200: z.object({ import: historyImportSchema }), ...errorResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const row = await store.getOwn(requireSession(request).userId, request.params.id);
      if (!row) throw new ApiError(404, 'NOT_FOUND', 'No import of yours has this id.');
      return { import: viewOf(row) };
    },
  );
};
