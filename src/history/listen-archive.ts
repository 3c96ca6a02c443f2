import { sql } from 'drizzle-orm';
import type { Database } from '../db/index.ts';
import { trackKey } from './catalogue-keys.ts';
import { column, rowsOf, TrackIdCache, type Transaction, trackIdsOf } from './catalogue-writer.ts';
import { listenIdentity } from './listen-identity.ts';
import type { ListenInput } from './listen-input.ts';
import { listenBatchSchema } from './listen-input-schema.ts';

/** What storing a batch did: `added + present` is always the batch's length. */
export interface StoreResult {
  /** Listens written now. */
  added: number;
  /** Listens already stored before, or repeated within the batch. */
  present: number;
}

/**
 * The one way listens are written, whatever the path (polling, import, voice): catalogue
 * entries found or created and listens inserted in one transaction, `ON CONFLICT DO NOTHING`
 * on the listen identity (listen-identity.ts), so a retried or overlapping batch adds only what
 * is new and a failed one adds nothing. Each table is written by one `INSERT … SELECT FROM
 * unnest(arrays)` whatever the batch's size: a batch of thousands costs eight round-trips.
 */
export class ListenArchive {
  private readonly trackIds = new TrackIdCache();

  constructor(private readonly database: Pick<Database, 'db'>) {}

  /** Validates the batch (a ZodError names the bad row and field) and stores it in one transaction. */
  async store(inputs: readonly ListenInput[]): Promise<StoreResult> {
    const listens = listenBatchSchema.parse(inputs);
    if (listens.length === 0) return { added: 0, present: 0 };
    const attempt = () =>
      this.database.db.transaction((tx) => storeValidated(tx, listens, this.trackIds.known));
    let stored: Awaited<ReturnType<typeof attempt>>;
    try {
      stored = await attempt();
    } catch (error) {
      // A cached track id whose row is gone (catalogue rows are never deleted, but an operator
      // might): forget them all and try once more, rather than fail every batch with that track.
      if (!isForeignKeyViolation(error) || this.trackIds.known.size === 0) throw error;
      this.trackIds.clear();
      stored = await attempt();
    }
    this.trackIds.remember(stored.trackIds); // committed: safe to reuse
    return stored.result;
  }

  /**
   * Stores the batch inside the caller's transaction, for paths that commit something with it
   * (the Spotify archiver advances its cursor in the same transaction).
   */
  async storeWithin(tx: Transaction, inputs: readonly ListenInput[]): Promise<StoreResult> {
    const listens = listenBatchSchema.parse(inputs);
    if (listens.length === 0) return { added: 0, present: 0 };
    try {
      return (await storeValidated(tx, listens, this.trackIds.known)).result;
    } catch (error) {
      // The caller's transaction is lost either way; its retry must not meet a stale id again.
      if (isForeignKeyViolation(error)) this.trackIds.clear();
      throw error;
    }
  }
}

async function storeValidated(
  tx: Transaction,
  listens: ListenInput[],
  known: ReadonlyMap<string, number>,
): Promise<{ result: StoreResult; trackIds: Map<string, number> }> {
  const byIdentity = new Map<string, ListenInput>();
  for (const listen of listens) {
    const identity = listenIdentity(listen);
    if (!byIdentity.has(identity)) byIdentity.set(identity, listen);
  }
  const unique = [...byIdentity.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const trackIds = await trackIdsOf(
    tx,
    unique.map(([, listen]) => listen.track),
    known,
  );
  const userIds = unique.map(([, listen]) => listen.userId);
  const identities = unique.map(([identity]) => identity);
  const trackIdColumn = unique.map(([, listen]) => trackIds.get(trackKey(listen.track))!);
  const playedAts = unique.map(([, listen]) => listen.playedAt.toISOString());
  const msPlayed = unique.map(([, listen]) => listen.msPlayed);
  const sources = unique.map(([, listen]) => listen.source);
  const inserted = await rowsOf<{ one: number }>(
    tx,
    sql`INSERT INTO history_listens (user_id, identity, track_id, played_at, ms_played, source)
      SELECT * FROM unnest(${column(userIds, 'text')}, ${column(identities, 'text')},
        ${column(trackIdColumn, 'bigint')}, ${column(playedAts, 'timestamptz')}, ${column(msPlayed, 'integer')},
        ${column(sources, 'text')})
      ON CONFLICT (identity) DO NOTHING
      RETURNING 1 AS one`,
  );
  const added = inserted.length;
  return { result: { added, present: listens.length - added }, trackIds };
}

/** PostgreSQL's foreign_key_violation (23503), whichever driver or wrapper carries it. */
function isForeignKeyViolation(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if ((cause as { code?: unknown }).code === '23503') return true;
  }
  return false;
}
