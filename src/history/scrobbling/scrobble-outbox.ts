import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/index.ts';
import { listenIdentity } from '../listen-identity.ts';
import type { ListenInput } from '../listen-input.ts';
import { historyLinks, historyListens, historyScrobbles } from '../schema.ts';
import { SCROBBLE_SERVICES } from './scrobble-links.ts';

/**
 * Puts stored voice listens in the scrobble outbox: one `pending` row per listen and healthy
 * ListenBrainz / Last.fm link of its user, written in one transaction. The primary key
 * (listen, service) makes it idempotent: the same listens told twice add nothing.
 */
export class ScrobbleOutbox {
  constructor(private readonly database: Database) {}

  /** Answers how many rows were added. Only voice listens are scrobbled (the others came from the services). */
  async enqueue(listens: readonly ListenInput[], now = new Date()): Promise<number> {
    const voice = listens.filter((listen) => listen.source === 'discord-voice');
    if (voice.length === 0) return 0;
    return this.database.db.transaction(async (tx) => {
      const stored = await tx
        .select({ id: historyListens.id, userId: historyListens.userId })
        .from(historyListens)
        .where(inArray(historyListens.identity, voice.map(listenIdentity)));
      if (stored.length === 0) return 0;
      const links = await tx
        .select({ userId: historyLinks.userId, service: historyLinks.service })
        .from(historyLinks)
        .where(
          and(
            inArray(historyLinks.userId, [...new Set(stored.map((row) => row.userId))]),
            inArray(historyLinks.service, [...SCROBBLE_SERVICES]),
            eq(historyLinks.state, 'healthy'),
          ),
        );
      const rows = stored.flatMap((listen) =>
        links
          .filter((link) => link.userId === listen.userId)
          .map((link) => ({
            listenId: Number(listen.id),
            service: link.service,
            userId: listen.userId,
            nextAttemptAt: now,
          })),
      );
      if (rows.length === 0) return 0;
      const added = await tx
        .insert(historyScrobbles)
        .values(rows)
        .onConflictDoNothing()
        .returning({ listenId: historyScrobbles.listenId });
      return added.length;
    });
  }
}
