import { sql } from 'drizzle-orm';
import { AnalyticsService } from '../src/analytics/index.ts';
import { rawCounters } from '../src/analytics/counters.ts';
import { migrate } from '../src/db/index.ts';
import { createTestDatabase } from '../test/support/databases.ts';
import { seedGuildHistory } from './analytics-seed.ts';

const target = await createTestDatabase(process.env.DATABASE_URL ? 'postgres' : 'pglite');
const database = await target.open();
await migrate(database);
const guild = '300000000000000001';
const t0 = performance.now();
await seedGuildHistory(database, guild, Number(process.env.BENCH_PLAYS ?? 20000), new Date(), (l) => console.log(l, (performance.now() - t0).toFixed(0)));
console.log('seeded', (performance.now() - t0).toFixed(0));
const service = new AnalyticsService(database);
let t = performance.now();
await service.summary(guild, '30d');
console.log('30d first', (performance.now() - t).toFixed(0));
const from = new Date(Math.floor(Date.now() / 3600000) * 3600000 - 719 * 3600000);
const until = new Date(from.getTime() + 3600000);
const q = sql`EXPLAIN ANALYZE UPDATE analytics_counts AS counted SET count = counted.count - gone.count, ms = counted.ms - gone.ms
    FROM (${rawCounters(guild, from.toISOString(), until.toISOString())}) AS gone
    WHERE counted.guild_id = ${guild} AND counted.scope = '30d'
      AND counted.dimension = gone.dimension AND counted.key = gone.key`;
const r = await database.db.transaction(async (tx) => { const x = await tx.execute(q); tx.rollback(); return x; }).catch((e) => e);
console.log(r);
await database.close(); await target.dispose();
