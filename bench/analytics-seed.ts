/**
 * Seeds one guild's history for the API bench with set-based SQL (generate_series, in batches),
 * then builds the rollups with `rebuildRollups` — the same rows the recorders would have made
 * one play at a time, in a fraction of the time.
 *
 * The shape of the history: a guild has one player, so plays follow each other — one every
 * 3 minutes back from now, so a million plays span about 5.7 years of non-stop music. Track
 * popularity is skewed (a cube of a uniform draw over 20,000 tracks), 2,000 artists, 200
 * requesters and one play in ten autoplayed. Members join or leave every 2 hours; a command is
 * used every 10 minutes.
 */
import { rebuildRollups } from '../src/analytics/index.ts';
import type { Database } from '../src/db/index.ts';

const BATCH = 100_000;
const PLAY_SPACING_S = 180;
const MEMBER_SPACING_S = 7_200;
const COMMAND_SPACING_S = 600;
const COMMANDS = [
  'play',
  'skip',
  'queue',
  'pause',
  'resume',
  'volume',
  'loop',
  'shuffle',
  'nowplaying',
  'stop',
];

export interface SeedTimings {
  plays: number;
  insertMs: number;
  rebuildMs: number;
}

export async function seedGuildHistory(
  database: Database,
  guildId: string,
  plays: number,
  now: Date,
  log: (line: string) => void,
): Promise<SeedTimings> {
  const started = performance.now();
  for (let first = 1; first <= plays; first += BATCH) {
    const last = Math.min(plays, first + BATCH - 1);
    await database.query(
      `INSERT INTO play_events (guild_id, track_title, track_author, track_uri, track_identifier, source_name,
         track_length_ms, requester_id, listener_ids, listener_count, started_at, ended_at, ms_played, end_reason)
       SELECT $1, 'Track ' || t, 'Artist ' || (t % 2000), 'https://music.example/' || t, 'track-' || t, 'http',
         length_ms, CASE WHEN i % 10 = 0 THEN NULL ELSE (400000000000000000 + (i::bigint * 7919) % 200)::text END,
         '[]'::jsonb, 1 + i % 7, started, started + make_interval(secs => played / 1000.0), played,
         CASE WHEN played < length_ms THEN 'skipped' ELSE 'finished' END
       FROM (
         SELECT i, t, length_ms, $2::timestamptz - make_interval(secs => i * ${PLAY_SPACING_S}) AS started,
           CASE WHEN i % 5 = 0 THEN (length_ms * random())::bigint ELSE length_ms END AS played
         FROM (
           SELECT i, floor(20000 * power(random(), 3))::int AS t, (100000 + floor(random() * 80000))::bigint AS length_ms
           FROM generate_series($3::int, $4::int) AS i
         ) AS drawn
       ) AS timed`,
      [guildId, now.toISOString(), first, last],
    );
    log(`  inserted ${last.toLocaleString('en-US')} plays`);
  }
  const spanSeconds = plays * PLAY_SPACING_S;
  await database.query(
    `INSERT INTO member_events (guild_id, user_id, kind, member_count, at)
     SELECT $1, (500000000000000000 + i)::text, CASE WHEN i % 3 = 0 THEN 'leave' ELSE 'join' END,
       1000 + (($3::int - i) / 3), $2::timestamptz - make_interval(secs => i * ${MEMBER_SPACING_S})
     FROM generate_series(1, $3::int) AS i`,
    [guildId, now.toISOString(), Math.floor(spanSeconds / MEMBER_SPACING_S)],
  );
  await database.query(
    `INSERT INTO command_uses (guild_id, user_id, command, at)
     SELECT $1, (400000000000000000 + i % 200)::text, ($4::jsonb ->> (floor(power(random(), 2) * $5)::int)),
       $2::timestamptz - make_interval(secs => i * ${COMMAND_SPACING_S})
     FROM generate_series(1, $3::int) AS i`,
    [
      guildId,
      now.toISOString(),
      Math.floor(spanSeconds / COMMAND_SPACING_S),
      JSON.stringify(COMMANDS),
      COMMANDS.length,
    ],
  );
  const inserted = performance.now();
  log('  rebuilding rollups');
  await rebuildRollups(database, guildId);
  // Fresh statistics, as autovacuum would have by then (PGlite has no autovacuum).
  await database.exec('ANALYZE');
  return { plays, insertMs: inserted - started, rebuildMs: performance.now() - inserted };
}
