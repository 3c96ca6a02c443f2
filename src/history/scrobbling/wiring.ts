import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { publicUrlOf, tokenCipherFor } from '../../api/index.ts';
import type { ApiContext, CapabilityContext, JobDefinition } from '../../capability/index.ts';
import type { ListenInput } from '../listen-input.ts';
import { scrobbleLinkRoutes } from './link-routes.ts';
import { scrobbleClientsFor } from './scrobble-clients.ts';
import { ScrobbleLinks } from './scrobble-links.ts';
import { ScrobbleOutbox } from './scrobble-outbox.ts';
import { SCROBBLE_SEND_JOB, ScrobbleSender } from './scrobble-sender.ts';

/**
 * The gateway's voice-listens listener: puts the listens in the outbox and asks the worker to
 * send at once (the minute cron catches up if that send is lost).
 */
export function scrobbleVoiceListens(context: CapabilityContext): (listens: ListenInput[]) => Promise<void> {
  const outbox = new ScrobbleOutbox(context.database);
  return async (listens) => {
    const added = await outbox.enqueue(listens);
    if (added === 0) return;
    try {
      await context.jobs.send(SCROBBLE_SEND_JOB, {}, { singletonKey: SCROBBLE_SEND_JOB });
    } catch (error) {
      context.logger.warn({ err: error }, 'could not queue a scrobble send; the cron run will');
    }
  };
}

/** The linking routes under `/api/me`, with their clients closed with the server. */
export function scrobbleUserRoutes(context: ApiContext): FastifyPluginAsyncZod {
  return async (app) => {
    const clients = scrobbleClientsFor(context.config);
    app.addHook('onClose', () => clients.close());
    await app.register(scrobbleLinkRoutes, {
      database: context.database,
      links: new ScrobbleLinks(context.database, tokenCipherFor(context.config, context.logger)),
      clients,
      publicUrl: publicUrlOf(context.config),
    });
  };
}

/** The advisory lock key of the scrobble sender ("scrobble" in ASCII). */
const SCROBBLE_SEND_LOCK = 0x7363726f62626c65n;

/** Runs one `history.scrobble-send`: every healthy link's due outbox rows. */
export async function runScrobbleSend(context: CapabilityContext, now?: () => Date): Promise<void> {
  const clients = scrobbleClientsFor(context.config);
  try {
    const sender = new ScrobbleSender({
      database: context.database,
      links: new ScrobbleLinks(context.database, tokenCipherFor(context.config, context.logger)),
      clients,
      logger: context.logger,
      now,
    });
    // One sender at a time across workers: two would read the same pending rows and send them twice.
    const report = await context.database.withAdvisoryLock(SCROBBLE_SEND_LOCK, () => sender.sendDue());
    if (report.sent + report.dropped + report.deferred > 0) context.logger.info(report, 'scrobbles sent');
  } finally {
    await clients.close();
  }
}

export const scrobbleSendJob: JobDefinition = {
  name: SCROBBLE_SEND_JOB,
  // Every minute: catches up after outages and backoffs; new listens also send it at once.
  schedule: '* * * * *',
  options: { concurrency: 1 },
  run: (context) => runScrobbleSend(context),
};
