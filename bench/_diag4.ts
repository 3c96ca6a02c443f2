import { sql } from 'drizzle-orm';
import { rawCounters } from '../src/analytics/counters.ts';
import { migrate } from '../src/db/index.ts';
import { createTestDatabase } from '../test/support/databases.ts';

const target = await createTestDatabase(process.env.DATABASE_URL ? 'postgres' : 'pglite');
const database = await target.open();
await migrate(database);
const guildId = '300000000000000001';
await database.query(`INSERT INTO play_events (guild_id, track_title, track_author, track_uri, track_identifier, source_name,
         track_length_ms, requester_id, listener_ids, listener_count, started_at, ended_at, ms_played, end_reason)
       SELECT $1, 'Track ' || t, 'Artist ' || (t % 2000), 'u', 'track-' || t, 'http', 1000, '1', '[]', 1, now() - make_interval(secs => i*180), now(), 1000, 'finished'
       FROM (SELECT i, floor(20000 * power(random(), 3))::int AS t FROM generate_series(1, 20000) i) s`, [guildId]);
const steps: [string, ReturnType<typeof sql>][] = [
  ['insert all', sql`EXPLAIN ANALYZE INSERT INTO analytics_counts (guild_id, scope, dimension, key, count, ms)
      SELECT ${guildId}, 'all', dimension, key, count, ms FROM (${rawCounters(guildId, '-infinity', 'infinity')}) AS counted`],
  ['labels', sql`EXPLAIN ANALYZE UPDATE analytics_counts AS counted SET label = latest.label
      FROM (
        SELECT DISTINCT ON (source_name, track_identifier) source_name || ':' || track_identifier AS key,
          jsonb_build_object('title', track_title, 'author', track_author, 'uri', track_uri) AS label
        FROM play_events WHERE guild_id = ${guildId}
        ORDER BY source_name, track_identifier, started_at DESC, id DESC
      ) AS latest
      WHERE counted.guild_id = ${guildId} AND counted.scope = 'all' AND counted.dimension = 'track'
        AND counted.key = latest.key`],
];
for (const [name, q] of steps) {
  const t = performance.now();
  const r = (await database.db.execute(q)) as unknown as { rows: Record<string, string>[] };
  console.log('====', name, (performance.now() - t).toFixed(0), 'ms');
  console.log(r.rows.map((x) => Object.values(x)[0]).join('\n'));
}
await database.close(); await target.dispose();
