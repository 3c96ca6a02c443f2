import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/index.ts';
import type { Logger } from '../../logging/index.ts';
import type { ListenInput } from '../listen-input.ts';
import { historyScrobbles } from '../schema.ts';
import {
  LASTFM_MAX_BATCH,
  LISTENBRAINZ_MAX_BATCH,
  NeedsRelinking,
  RateLimited,
  ScrobbleError,
} from '../scrobble/index.ts';
import type { ScrobbleClients } from './scrobble-clients.ts';
import type { OpenScrobbleLink, ScrobbleLinks, ScrobbleTarget } from './scrobble-links.ts';

export const SCROBBLE_SEND_JOB = 'history.scrobble-send';
/** Due rows read per run; the cron run a minute later takes the rest. */
const ROWS_PER_RUN = 5000;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_CAP_MS = 60 * 60_000;
/** Last.fm error numbers that refuse the scrobble itself (invalid parameters), not our credentials. */
const LASTFM_LISTEN_REFUSALS = new Set([6, 7]);
/** Last.fm's ignoredMessage code for "daily scrobble limit exceeded": try again later, not a refusal. */
const LASTFM_DAILY_LIMIT_CODE = 5;
const DAILY_LIMIT_WAIT_MS = 60 * 60_000;

interface DueRow {
  listenId: number;
  userId: string;
  service: ScrobbleTarget;
  attempts: number;
  listen: ListenInput;
}

export interface SendReport {
  sent: number;
  dropped: number;
  deferred: number;
}

/** Retry delay after `attempts` failures: 1 min doubling, at most an hour, never before the service's own wait. */
export function scrobbleRetryDelayMs(attempts: number, retryAfterMs = 0): number {
  const backoff = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_CAP_MS);
  return Math.max(retryAfterMs, backoff);
}

/**
 * The `history.scrobble-send` job: sends the due `pending` outbox rows of each healthy link, in
 * batches the service takes (ListenBrainz 1000, Last.fm 50), and marks them `sent` in a
 * transaction once the service accepted them, so a retry never sends one twice. A rate limit or
 * outage defers the rest of that link's rows (attempts + 1, backoff honouring Retry-After); a
 * refused token marks the link `needs-relink` and leaves its rows pending for after re-linking;
 * a listen the service refuses for good is `dropped` with the reason.
 */
export class ScrobbleSender {
  constructor(
    private readonly options: {
      database: Database;
      links: ScrobbleLinks;
      clients: ScrobbleClients;
      logger: Logger;
      now?: () => Date;
    },
  ) {}

  async sendDue(): Promise<SendReport> {
    const now = this.options.now?.() ?? new Date();
    const report: SendReport = { sent: 0, dropped: 0, deferred: 0 };
    const links = await this.options.links.healthy();
    if (links.length === 0) return report;
    const due = await this.#due(now, links);
    let lastFmLimited = false;
    for (const link of links) {
      const rows = due.filter((row) => row.userId === link.userId && row.service === link.service);
      if (rows.length === 0) continue;
      // Last.fm limits per API key: once it said slow down, the other users wait for the next run.
      if (link.service === 'lastfm' && lastFmLimited) continue;
      const stop = await this.#sendLink(link, rows, now, report);
      if (stop instanceof RateLimited && link.service === 'lastfm') lastFmLimited = true;
    }
    return report;
  }

  /** Sends `rows` in batches; answers the error that stopped it (the rest deferred), or null. */
  async #sendLink(
    link: OpenScrobbleLink,
    rows: DueRow[],
    now: Date,
    report: SendReport,
    batchSize = link.service === 'listenbrainz' ? LISTENBRAINZ_MAX_BATCH : LASTFM_MAX_BATCH,
  ): Promise<ScrobbleError | null> {
    for (let start = 0; start < rows.length; start += batchSize) {
      const batch = rows.slice(start, start + batchSize);
      try {
        const { refused, later } = await this.#send(link, batch);
        const notSent = new Set([...refused.map((item) => item.row), ...later]);
        const sent = batch.filter((row) => !notSent.has(row));
        await this.#markSent(sent, now);
        for (const item of refused) await this.#drop(item.row, item.reason);
        report.sent += sent.length;
        report.dropped += refused.length;
        if (later.length > 0) {
          // Last.fm's daily scrobble limit: not the listens' fault, they go out tomorrow.
          const limit = new RateLimited(
            'lastfm',
            'Last.fm daily scrobble limit reached',
            DAILY_LIMIT_WAIT_MS,
          );
          await this.#defer([...later, ...rows.slice(start + batch.length)], limit, now, report);
          return limit;
        }
      } catch (error) {
        if (!(error instanceof ScrobbleError)) throw error;
        // What the service confirmed before failing is sent, never sent again. (A batch is one
        // request here, so this is 0 unless a client splits further.)
        const accepted = batch.slice(0, error.sent);
        await this.#markSent(accepted, now);
        report.sent += accepted.length;
        if (error instanceof NeedsRelinking) {
          await this.options.links.markNeedsRelink(link.userId, link.service, error.message);
          this.options.logger.warn(
            { userId: link.userId, service: link.service },
            'scrobble link needs re-linking',
          );
          return error;
        }
        const spoiled = batch.slice(accepted.length);
        if (this.#refusesListen(error) && spoiled.length === 1) {
          await this.#drop(spoiled[0]!, error.message);
          report.dropped += 1;
          continue;
        }
        if (this.#refusesListen(error)) {
          // One listen spoils the batch: send that batch one by one, dropping what is refused.
          const stop = await this.#sendLink(link, spoiled, now, report, 1);
          if (!stop) continue;
          const tail = rows.slice(start + batch.length);
          if (!(stop instanceof NeedsRelinking)) await this.#defer(tail, stop, now, report);
          return stop;
        }
        await this.#defer(rows.slice(start + accepted.length), error, now, report);
        this.options.logger.info(
          { userId: link.userId, service: link.service, kind: error.kind },
          'scrobbles deferred',
        );
        return error;
      }
    }
    return null;
  }

  /** Whether the error refuses the listens sent, not our credentials or the service's state. */
  #refusesListen(error: ScrobbleError): boolean {
    if (error.kind !== 'permanent') return false;
    if (error.service === 'listenbrainz') return error.code === 400;
    return error.code !== null && LASTFM_LISTEN_REFUSALS.has(error.code);
  }

  /** Sends one batch; answers the rows the service took but refuses to count. */
  async #send(
    link: OpenScrobbleLink,
    batch: DueRow[],
  ): Promise<{ refused: { row: DueRow; reason: string }[]; later: DueRow[] }> {
    const byListen = new Map(batch.map((row) => [row.listen, row]));
    if (link.service === 'listenbrainz') {
      const result = await this.options.clients.listenbrainz.submitListens(
        link.token,
        batch.map((row) => row.listen),
      );
      return {
        refused: result.skipped.map((listen) => ({
          row: byListen.get(listen)!,
          reason: 'ListenBrainz takes no listen without artist or title, or from before 2002-10-01',
        })),
        later: [],
      };
    }
    const lastfm = this.options.clients.lastfm;
    if (!lastfm)
      throw new ScrobbleError('lastfm', 'retryable', 'LASTFM_API_KEY and LASTFM_SHARED_SECRET are not set');
    const result = await lastfm.scrobble(
      link.token,
      batch.map((row) => row.listen),
    );
    const overLimit = result.ignored.filter((item) => item.code === LASTFM_DAILY_LIMIT_CODE);
    return {
      refused: result.ignored
        .filter((item) => item.code !== LASTFM_DAILY_LIMIT_CODE)
        .map((item) => ({
          row: byListen.get(item.listen)!,
          reason: `Last.fm ignored the scrobble (${item.code}): ${item.message}`,
        })),
      later: overLimit.map((item) => byListen.get(item.listen)!),
    };
  }

  async #markSent(rows: DueRow[], now: Date): Promise<void> {
    if (rows.length === 0) return;
    await this.options.database.db.transaction(async (tx) => {
      for (const service of new Set(rows.map((row) => row.service))) {
        await tx
          .update(historyScrobbles)
          .set({ status: 'sent', sentAt: now, lastError: null })
          .where(
            and(
              eq(historyScrobbles.service, service),
              inArray(
                historyScrobbles.listenId,
                rows.filter((row) => row.service === service).map((row) => row.listenId),
              ),
            ),
          );
      }
    });
  }

  async #drop(row: DueRow, reason: string): Promise<void> {
    await this.options.database.db
      .update(historyScrobbles)
      .set({ status: 'dropped', lastError: reason.slice(0, 500), attempts: row.attempts + 1 })
      .where(and(eq(historyScrobbles.listenId, row.listenId), eq(historyScrobbles.service, row.service)));
  }

  async #defer(rows: DueRow[], error: ScrobbleError, now: Date, report: SendReport): Promise<void> {
    report.deferred += rows.length;
    const retryAfterMs = error instanceof RateLimited ? error.retryAfterMs : 0;
    await this.options.database.db.transaction(async (tx) => {
      for (const row of rows) {
        const attempts = row.attempts + 1;
        await tx
          .update(historyScrobbles)
          .set({
            attempts,
            nextAttemptAt: new Date(now.getTime() + scrobbleRetryDelayMs(attempts, retryAfterMs)),
            lastError: error.message.slice(0, 500),
          })
          .where(and(eq(historyScrobbles.listenId, row.listenId), eq(historyScrobbles.service, row.service)));
      }
    });
  }

  /** Due pending rows of healthy links, each link's in the order played, with their listens. */
  async #due(now: Date, links: OpenScrobbleLink[]): Promise<DueRow[]> {
    const users = [...new Set(links.map((link) => link.userId))];
    const { rows } = await this.options.database.query<Record<string, unknown>>(
      `SELECT s.listen_id, s.user_id, s.service, s.attempts, l.played_at, l.ms_played,
              t.title, t.duration_ms, al.title AS album,
              ARRAY(SELECT ar.name FROM history_track_artists ta
                    JOIN history_artists ar ON ar.id = ta.artist_id
                    WHERE ta.track_id = t.id ORDER BY ta.position) AS artists
         FROM history_scrobbles s
         JOIN history_listens l ON l.id = s.listen_id
         JOIN history_tracks t ON t.id = l.track_id
         LEFT JOIN history_albums al ON al.id = t.album_id
        WHERE s.status = 'pending' AND s.next_attempt_at <= $1::timestamptz
          AND s.user_id = ANY($2::text[])
        ORDER BY s.user_id, s.service, l.played_at, s.listen_id
        LIMIT ${ROWS_PER_RUN}`,
      [now.toISOString(), users],
    );
    return rows.map((row) => ({
      listenId: Number(row.listen_id),
      userId: String(row.user_id),
      service: row.service as ScrobbleTarget,
      attempts: Number(row.attempts),
      listen: {
        userId: String(row.user_id),
        playedAt: new Date(row.played_at as string | Date),
        msPlayed: row.ms_played === null ? null : Number(row.ms_played),
        source: 'discord-voice',
        track: {
          title: String(row.title),
          artists: row.artists as string[],
          album: (row.album as string | null) ?? null,
          durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
        },
      },
    }));
  }
}
