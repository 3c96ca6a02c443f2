import { join } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiContext, CapabilityContext, JobDefinition } from '../../capability/index.ts';
import type { Config } from '../../config/index.ts';
import { ListenArchive } from '../listen-archive.ts';
import { HISTORY_IMPORT_JOB, runHistoryImport } from './import-job.ts';
import { historyImportRoutes } from './import-routes.ts';
import { HistoryImportStore } from './import-store.ts';

/** The caps from config the parser and the upload enforce. */
export function importLimitsOf(config: Config) {
  return {
    maxFileBytes: config.HISTORY_IMPORT_MAX_BYTES,
    maxUncompressedBytes: config.HISTORY_IMPORT_MAX_UNCOMPRESSED_BYTES,
  };
}

/** Uploads wait here for their job, and are deleted when it ends. */
export const historyImportDir = (config: Config) => join(config.DATA_DIR, 'history-imports');

const jobDataSchema = z.object({ importId: z.number().int().positive() });

/** The `history.import` job the history capability contributes to the worker. */
export const historyImportJob: JobDefinition = {
  name: HISTORY_IMPORT_JOB,
  // Imports are heavy on the database; one at a time per worker keeps the panel responsive.
  options: { concurrency: 1 },
  run: async (context: CapabilityContext, data, job) => {
    const { importId } = jobDataSchema.parse(data);
    await runHistoryImport(
      {
        database: context.database,
        archive: new ListenArchive(context.database),
        bus: context.bus,
        limits: importLimitsOf(context.config),
        logger: context.logger,
        signal: job.signal,
      },
      importId,
    );
  },
};

/** The import routes under `/api/me`, registered by the history capability's `userRoutes`. */
export function historyImportUserRoutes(context: ApiContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(historyImportRoutes, {
      store: new HistoryImportStore(context.database),
      jobs: context.jobs,
      uploadDir: historyImportDir(context.config),
      limits: importLimitsOf(context.config),
    });
  };
}
