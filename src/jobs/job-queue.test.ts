import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createTestDatabase, databaseKinds, type TestDatabaseTarget } from '../../test/support/databases.ts';
import { type Database, migrate } from '../db/index.ts';
import {
  createLogger,
  currentCorrelationId,
  type Logger,
  silentLogger,
  withCorrelationId,
} from '../logging/index.ts';
import {
  type Clock,
  type Firing,
  type JobInfo,
  JobQueue,
  type JobQueueOptions,
  JobValidationError,
  systemClock,
} from './index.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const FAST = { pollIntervalSeconds: 0.5 };

describe.each(databaseKinds())('job queue on %s', (kind) => {
  let target: TestDatabaseTarget;
  let database: Database;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    database = await target.open();
    await migrate(database);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await database?.close();
    await target?.dispose();
  });

  /** A started queue, stopped after the test. */
  async function startQueue(options: Partial<JobQueueOptions> = {}): Promise<JobQueue> {
    const queue = new JobQueue({ database, logger: silentLogger(), ...options });
    await queue.start();
    cleanups.push(() => queue.stop({ timeoutMs: 2_000 }));
    return queue;
  }

  async function settled(queue: JobQueue, name: string, id: string, timeout = 15_000): Promise<JobInfo> {
    return vi.waitFor(
      async () => {
        const job = await queue.getJob(name, id);
        if (job?.state !== 'completed' && job?.state !== 'failed') throw new Error(`job is ${job?.state}`);
        return job;
      },
      { timeout, interval: 100 },
    );
  }

  it('runs a job once, completes it and keeps its output', async () => {
    const queue = await startQueue();
    const seen: { data: unknown; attempt: number }[] = [];
    await queue.work<{ n: number }>(
      'double',
      async (data, job) => {
        seen.push({ data, attempt: job.attempt });
        return { doubled: data.n * 2 };
      },
      FAST,
    );
    const id = (await queue.send('double', { n: 21 }))!;
    const job = await settled(queue, 'double', id);
    expect(job).toMatchObject({
      state: 'completed',
      data: { n: 21 },
      output: { doubled: 42 },
      retryCount: 0,
    });
    expect(seen).toEqual([{ data: { n: 21 }, attempt: 1 }]);
  });

  it('holds a delayed job until its startAfter, given in seconds or as a date', async () => {
    const queue = await startQueue();
    const ranAt = new Map<string, number>();
    await queue.work('delayed', async (_data, job) => void ranAt.set(job.id, Date.now()), FAST);
    const sentAt = Date.now();
    const bySeconds = (await queue.send('delayed', {}, { startAfter: 2 }))!;
    const byDate = (await queue.send('delayed', {}, { startAfter: new Date(sentAt + 2_000) }))!;
    // Both are stored as due two seconds after they were sent…
    for (const id of [bySeconds, byDate]) {
      const stored = (await queue.getJob('delayed', id))!;
      expect(stored.startAfter.getTime() - stored.createdOn.getTime()).toBeGreaterThanOrEqual(1_900);
    }
    await settled(queue, 'delayed', bySeconds);
    await settled(queue, 'delayed', byDate);
    // …and neither ran before: an early run shows as under two seconds, however slow the
    // machine (no sleep to race). 100 ms of slack for the database clock rounding start_after.
    expect(ranAt.get(bySeconds)! - sentAt).toBeGreaterThanOrEqual(1_900);
    expect(ranAt.get(byDate)! - sentAt).toBeGreaterThanOrEqual(1_900);
  });

  it('retries a failing job with growing backoff, then completes it', async () => {
    const queue = await startQueue();
    const attempts: { attempt: number; at: number }[] = [];
    await queue.work(
      'flaky',
      async (_data, job) => {
        attempts.push({ attempt: job.attempt, at: Date.now() });
        if (job.attempt < 3) throw new Error(`attempt ${job.attempt} fails`);
      },
      FAST,
    );
    const id = (await queue.send('flaky', {}, { retryLimit: 3, retryDelay: 1, retryBackoff: true }))!;
    const job = await settled(queue, 'flaky', id);
    expect(job).toMatchObject({ state: 'completed', retryCount: 2 });
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    const [first, second, third] = attempts.map((a) => a.at) as [number, number, number];
    // With a 1 s base, retry n waits between 2^(n-1) and 2^n seconds, plus polling (0.5 s) and
    // whatever a loaded machine adds: the upper bounds only tell backoff from a runaway delay.
    expect(second - first).toBeGreaterThanOrEqual(950);
    expect(second - first).toBeLessThan(8_000);
    expect(third - second).toBeGreaterThanOrEqual(1_950);
    expect(third - second).toBeLessThan(12_000);
  });

  it('fails a job for good once it has used its retries', async () => {
    const queue = await startQueue();
    let calls = 0;
    await queue.work(
      'doomed',
      async () => {
        calls += 1;
        throw new Error('boom');
      },
      FAST,
    );
    const id = (await queue.send('doomed', {}, { retryLimit: 1, retryDelay: 0, retryBackoff: false }))!;
    const job = await settled(queue, 'doomed', id);
    expect(job).toMatchObject({ state: 'failed', retryCount: 1, output: { message: 'boom' } });
    await sleep(1_000);
    expect(calls).toBe(2);
  });

  it('fails a job whose data breaks the schema at once, without retries', async () => {
    const queue = await startQueue();
    const handled: string[] = [];
    const schema = z.object({ trackId: z.string() });
    await queue.work('typed', async (data) => void handled.push(data.trackId), { ...FAST, schema });
    const bad = (await queue.send('typed', { trackId: 42 }, { retryLimit: 3 }))!;
    const good = (await queue.send('typed', { trackId: 'abc' }))!;
    const failed = await settled(queue, 'typed', bad);
    expect(failed).toMatchObject({ state: 'failed', retryCount: 0 });
    expect((failed.output as { message: string }).message).toMatch(/invalid job data.*trackId/s);
    expect((await settled(queue, 'typed', good)).state).toBe('completed');
    expect(handled).toEqual(['abc']);
  });

  /** A clock the test sets: schedules are read against it, never against the wall. */
  function testClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
    let now = new Date(iso).getTime();
    return {
      now: () => new Date(now),
      set(next) {
        now = new Date(next).getTime();
      },
      advance(ms) {
        now += ms;
      },
    };
  }

  /** A supervising queue on `clock` whose timer never ticks on its own; its schedules go with the test. */
  async function startSupervisor(clock: Clock, options: Partial<JobQueueOptions> = {}): Promise<JobQueue> {
    const queue = await startQueue({
      supervise: true,
      clock,
      intervals: { cronMonitorSeconds: 3600 },
      ...options,
    });
    cleanups.push(async () => {
      for (const { name } of await queue.schedules()) await queue.unschedule(name);
    });
    return queue;
  }

  it('sends one job per match of a schedule, ticked at every second across a minute boundary', async () => {
    const clock = testClock('2026-03-01T11:59:00.000Z');
    const queue = await startSupervisor(clock);
    const ticks: unknown[] = [];
    await queue.work('cron-every-minute', async (data) => void ticks.push(data), FAST);
    await queue.schedule('cron-every-minute', '* * * * *', { kind: 'tick' });
    await queue.schedule('cron-leap-day', '0 0 29 2 *', {}, { tz: 'Europe/Paris' });
    expect(await queue.schedules()).toEqual(
      expect.arrayContaining([
        { name: 'cron-every-minute', cron: '* * * * *', timezone: 'UTC' },
        { name: 'cron-leap-day', cron: '0 0 29 2 *', timezone: 'Europe/Paris' },
      ]),
    );
    const fired: Firing[] = [];
    // Every second of 11:59 and 12:00, and the last millisecond before each boundary.
    for (let second = 0; second < 120; second += 1) {
      fired.push(...(await queue.runSchedules()));
      clock.advance(999);
      fired.push(...(await queue.runSchedules()));
      clock.advance(1);
    }
    expect(fired.map((f) => [f.name, f.dueAt.toISOString()])).toEqual([
      ['cron-every-minute', '2026-03-01T11:59:00.000Z'],
      ['cron-every-minute', '2026-03-01T12:00:00.000Z'],
    ]);
    expect(new Set(fired.map((f) => f.jobId)).size).toBe(2);
    await vi.waitFor(() => expect(ticks).toEqual([{ kind: 'tick' }, { kind: 'tick' }]), {
      timeout: 10_000,
      interval: 50,
    });
    for (const { jobId } of fired) {
      expect((await settled(queue, 'cron-every-minute', jobId)).state).toBe('completed');
    }
    // 240 ticks of database reads: on PGlite under a loaded machine that outlasts the default
    // 30 s (it timed out once at load 11 on two cores). A budget, not a race: nothing waits on time.
  }, 180_000);

  it('fires a match in its time zone within the minute after it falls due, and not later', async () => {
    // Midnight of 29 February 2028 in Paris is 23:00 UTC on the 28th.
    const clock = testClock('2028-02-28T22:59:59.999Z');
    const queue = await startSupervisor(clock);
    await queue.schedule('cron-leap-day', '0 0 29 2 *', { leap: true }, { tz: 'Europe/Paris' });
    expect(await queue.runSchedules()).toEqual([]);
    clock.set('2028-02-28T23:00:00.000Z');
    const [firing, ...more] = await queue.runSchedules();
    expect(more).toEqual([]);
    expect(firing).toMatchObject({ name: 'cron-leap-day', dueAt: new Date('2028-02-28T23:00:00.000Z') });
    expect(await queue.getJob('cron-leap-day', firing!.jobId)).toMatchObject({
      state: 'created',
      data: { leap: true },
    });
    clock.set('2028-02-28T23:00:59.999Z');
    expect(await queue.runSchedules()).toEqual([]); // already sent for this match
    // A supervisor that was down for the whole minute after the match does not fire it late.
    await queue.unschedule('cron-leap-day');
    await queue.schedule('cron-leap-day-late', '0 0 29 2 *', {}, { tz: 'Europe/Paris' });
    clock.set('2028-02-28T23:01:00.000Z');
    expect(await queue.runSchedules()).toEqual([]);
  });

  it('lets two supervising processes that tick at the same moment create one job', async () => {
    const clock = testClock('2026-03-01T08:15:30.000Z');
    const otherDatabase = kind === 'postgres' ? await target.open() : database;
    if (otherDatabase !== database) cleanups.push(() => otherDatabase.close());
    const first = await startSupervisor(clock);
    const second = await startSupervisor(clock, { database: otherDatabase });
    await first.schedule('cron-shared', '15 8 * * *');
    const [fromFirst, fromSecond] = await Promise.all([first.runSchedules(), second.runSchedules()]);
    expect([...fromFirst, ...fromSecond]).toHaveLength(1);
    expect([...(await first.runSchedules()), ...(await second.runSchedules())]).toEqual([]);
    const { rows } = await database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'cron-shared'`,
    );
    expect(rows).toEqual([{ n: 1 }]);
    // A schedule without data runs (its handler gets null), it does not fail as unsent.
    const seen: unknown[] = [];
    await first.work('cron-shared', async (data) => void seen.push(data), FAST);
    await vi.waitFor(() => expect(seen).toEqual([null]), { timeout: 10_000, interval: 50 });
  });

  it('ticks on its own timer and refuses a bad expression', async () => {
    const queue = await startSupervisor(systemClock, { intervals: { cronMonitorSeconds: 1 } });
    const ticks: unknown[] = [];
    await queue.work('cron-timer', async (data) => void ticks.push(data), FAST);
    // `* * * * *` always has a match under a minute old, so the next timer tick sends it.
    await queue.schedule('cron-timer', '* * * * *', { kind: 'tick' });
    await vi.waitFor(() => expect(ticks.length).toBeGreaterThanOrEqual(1), {
      timeout: 10_000,
      interval: 100,
    });
    expect(ticks.every((tick) => JSON.stringify(tick) === '{"kind":"tick"}')).toBe(true);
    await queue.unschedule('cron-timer');
    expect((await queue.schedules()).map((s) => s.name)).not.toContain('cron-timer');
    await expect(queue.schedule('cron-bad', 'not a cron')).rejects.toBeInstanceOf(JobValidationError);
    const plain = await startQueue();
    await expect(plain.runSchedules()).rejects.toThrow(/supervising/);
  });

  it('completes each of 200 jobs exactly once across two workers', async () => {
    const effects = 'job_effects_exactly_once';
    await database.exec(`CREATE TABLE ${effects} (job_id uuid NOT NULL, worker text NOT NULL)`);
    // On PostgreSQL each worker gets its own pool, like two processes; PGlite has one connection.
    const otherDatabase = kind === 'postgres' ? await target.open() : database;
    if (otherDatabase !== database) cleanups.push(() => otherDatabase.close());
    const producer = await startQueue();
    const ids = await Promise.all(Array.from({ length: 200 }, (_, i) => producer.send('burst', { i })));
    const workers = [
      { name: 'a', db: database },
      { name: 'b', db: otherDatabase },
    ];
    const queues = await Promise.all(workers.map(({ db }) => startQueue({ database: db })));
    // Jobs wait until both workers hold one, so the worker that starts first can't drain the
    // queue alone however late the other one's first poll comes.
    const working = new Set<string>();
    let allWorking = () => {};
    const bothWorking = new Promise<void>((resolve) => {
      allWorking = resolve;
    });
    const started = Date.now();
    await Promise.all(
      workers.map(({ name, db }, index) =>
        queues[index]!.work(
          'burst',
          async (_data, job) => {
            working.add(name);
            if (working.size === workers.length) allWorking();
            await bothWorking;
            await sleep(Math.random() * 5);
            await db.query(`INSERT INTO ${effects} (job_id, worker) VALUES ($1, $2)`, [job.id, name]);
          },
          { concurrency: 4, pollIntervalSeconds: 0.5 },
        ),
      ),
    );
    await vi.waitFor(
      async () => {
        const { rows } = await database.query<{ state: string; n: number }>(
          `SELECT state::text, count(*)::int AS n FROM pgboss.job WHERE name = 'burst' GROUP BY state`,
        );
        expect(rows).toEqual([{ state: 'completed', n: 200 }]);
      },
      { timeout: 90_000, interval: 200 },
    );
    const elapsed = Date.now() - started;
    const { rows: perJob } = await database.query<{ job_id: string; runs: number }>(
      `SELECT job_id, count(*)::int AS runs FROM ${effects} GROUP BY job_id`,
    );
    expect(perJob).toHaveLength(200);
    expect(perJob.every((row) => row.runs === 1)).toBe(true);
    expect(new Set(perJob.map((row) => row.job_id))).toEqual(new Set(ids));
    const { rows: perWorker } = await database.query<{ worker: string; n: number }>(
      `SELECT worker, count(*)::int AS n FROM ${effects} GROUP BY worker ORDER BY worker`,
    );
    expect(perWorker.map((row) => row.worker)).toEqual(['a', 'b']);
    console.info(`[${kind}] 200 jobs by two workers in ${elapsed} ms: ${JSON.stringify(perWorker)}`);
  }, 120_000);

  it('drains an in-flight job on graceful stop and starts no new one', async () => {
    const observer = await startQueue();
    const queue = new JobQueue({ database, logger: silentLogger() });
    await queue.start();
    cleanups.push(() => queue.stop({ timeoutMs: 2_000 }));
    const events: string[] = [];
    await queue.work(
      'slow',
      async (data: { label: string }) => {
        events.push(`start ${data.label}`);
        await sleep(1_500);
        events.push(`end ${data.label}`);
      },
      { concurrency: 1, pollIntervalSeconds: 0.5 },
    );
    const first = (await queue.send('slow', { label: 'first' }))!;
    await vi.waitFor(() => expect(events).toEqual(['start first']), { timeout: 5_000, interval: 20 });
    const second = (await queue.send('slow', { label: 'second' }))!;
    await queue.stop({ graceful: true, timeoutMs: 10_000 });
    expect(events).toEqual(['start first', 'end first']);
    expect((await observer.getJob('slow', first))?.state).toBe('completed');
    await sleep(1_000);
    expect(events).toEqual(['start first', 'end first']);
    expect((await observer.getJob('slow', second))?.state).toBe('created');
  });

  it('fails a job still running when the stop timeout ends, so it is retried', async () => {
    const observer = await startQueue();
    const queue = new JobQueue({ database, logger: silentLogger() });
    await queue.start();
    cleanups.push(() => queue.stop({ timeoutMs: 2_000 }));
    let aborted = false;
    let started = false;
    await queue.work(
      'stuck',
      async (_data, job) => {
        started = true;
        await new Promise((resolve) => job.signal.addEventListener('abort', resolve));
        aborted = true;
      },
      FAST,
    );
    const id = (await queue.send('stuck', {}, { retryLimit: 2, retryDelay: 60 }))!;
    await vi.waitFor(() => expect(started).toBe(true), { timeout: 5_000, interval: 20 });
    const stopAt = Date.now();
    await queue.stop({ graceful: true, timeoutMs: 500 });
    // The handler never ends by itself: stop returning at all is the proof; the bound only
    // tells the 500 ms timeout from the 2 s one the cleanup would use.
    expect(Date.now() - stopAt).toBeLessThan(10_000);
    expect(aborted).toBe(true);
    const job = await observer.getJob('stuck', id);
    expect(job).toMatchObject({ state: 'retry', output: { name: 'JobStoppedError' } });
  });

  it('fails an attempt that outlives expireInSeconds and aborts its signal', async () => {
    const queue = await startQueue();
    const signals: AbortSignal[] = [];
    await queue.work(
      'overdue',
      async (_data, job) => {
        signals.push(job.signal);
        await new Promise((resolve) => job.signal.addEventListener('abort', resolve));
      },
      FAST,
    );
    const id = (await queue.send('overdue', {}, { expireInSeconds: 1, retryLimit: 0 }))!;
    const job = await settled(queue, 'overdue', id);
    expect(job).toMatchObject({ state: 'failed', output: { name: 'JobExpiredError' } });
    expect(signals.map((signal) => signal.aborted)).toEqual([true]);
  });

  it("runs a job again after its worker died, once pg-boss's maintenance expires it", async () => {
    const queue = await startQueue({ supervise: true, intervals: { maintenanceSeconds: 1 } });
    const id = (await queue.send('orphaned', { n: 1 }, { retryDelay: 0, retryBackoff: false }))!;
    // What a worker process leaves behind when it dies mid-job: an active row nobody will settle.
    await database.query(
      `UPDATE pgboss.job SET state = 'active', started_on = now() - interval '1 minute', expire_in = interval '1 second'
       WHERE name = 'orphaned' AND id = $1`,
      [id],
    );
    const attempts: number[] = [];
    await queue.work('orphaned', async (_data, job) => void attempts.push(job.attempt), FAST);
    const job = await settled(queue, 'orphaned', id);
    expect(job).toMatchObject({ state: 'completed', retryCount: 1 });
    expect(attempts).toEqual([2]);
  });

  it('carries the correlation id of the sender into the handler and its logs', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(...chunk.toString().trim().split('\n'));
        callback();
      },
    });
    const logger: Logger = createLogger({ level: 'info', format: 'json', destination });
    const queue = await startQueue({ logger });
    const seen: { fromJob: string; fromContext: string | undefined; attempt: number }[] = [];
    await queue.work(
      'correlated',
      async (data: { failFirst: boolean }, job) => {
        seen.push({ fromJob: job.correlationId, fromContext: currentCorrelationId(), attempt: job.attempt });
        logger.info('handler says hello');
        if (data.failFirst && job.attempt === 1) throw new Error('first attempt fails');
      },
      FAST,
    );
    const id = (await withCorrelationId('corr-123', () =>
      queue.send('correlated', { failFirst: true }, { retryDelay: 0, retryBackoff: false }),
    ))!;
    expect((await settled(queue, 'correlated', id)).correlationId).toBe('corr-123');
    expect(seen).toEqual([
      { fromJob: 'corr-123', fromContext: 'corr-123', attempt: 1 },
      { fromJob: 'corr-123', fromContext: 'corr-123', attempt: 2 },
    ]);
    const parsed = lines.map((line) => JSON.parse(line) as { msg: string; correlationId?: string });
    const relevant = parsed.filter(
      (l) => l.msg === 'handler says hello' || l.msg.startsWith('job attempt failed'),
    );
    expect(relevant).toHaveLength(3);
    expect(relevant.every((l) => l.correlationId === 'corr-123')).toBe(true);

    const orphan = (await queue.send('correlated', { failFirst: false }))!; // no correlation id at send: a fresh one
    await settled(queue, 'correlated', orphan);
    expect(seen[2]?.fromJob).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[2]?.fromContext).toBe(seen[2]?.fromJob);
  });

  it('counts completed and failed attempts and their duration in the registry given', async () => {
    const registry = new Registry();
    const queue = await startQueue({ registry });
    await queue.work(
      'metered',
      async (data: { ok: boolean }) => {
        if (!data.ok) throw new Error('not ok');
      },
      FAST,
    );
    await settled(queue, 'metered', (await queue.send('metered', { ok: true }))!);
    await settled(queue, 'metered', (await queue.send('metered', { ok: false }, { retryLimit: 0 }))!);
    const text = await registry.metrics();
    expect(text).toContain('gramophone_jobs_completed_total{name="metered"} 1');
    expect(text).toContain('gramophone_jobs_failed_total{name="metered"} 1');
    expect(text).toContain('gramophone_job_duration_seconds_count{name="metered"} 2');
  });

  it('answers readiness pings and refuses bad input with clear errors', async () => {
    const idle = new JobQueue({ database, logger: silentLogger() });
    await expect(idle.send('x', {})).rejects.toThrow(/start\(\) must finish/);
    const queue = await startQueue();
    await expect(queue.ping()).resolves.toBeUndefined();
    await expect(queue.send('bad name!', {})).rejects.toThrow(/queue name/);
    await expect(queue.send('ok', {}, { singletonKey: 'k' })).rejects.toThrow(
      /singletonKey needs singletonSeconds/,
    );
    await expect(queue.send('ok', {}, { retryLimit: -1 })).rejects.toBeInstanceOf(JobValidationError);
    await expect(queue.getJob('ok', 'not-a-uuid')).rejects.toThrow(/job id/);
    await expect(queue.work('ok', async () => {}, { concurrency: 0 })).rejects.toThrow(/concurrency/);
    // pg-boss deduplicates within the database clock's current 60 s slot. A pair sent across a
    // slot boundary is two slots: that pair must show two slots, and the next pair (a boundary
    // can't fall inside both) must be deduplicated.
    for (let attempt = 1; attempt <= 2; attempt++) {
      const deduplicated = { singletonKey: `guild-${attempt}`, singletonSeconds: 60 };
      expect(await queue.send('dedupe', {}, deduplicated)).toMatch(/^[0-9a-f-]{36}$/);
      if ((await queue.send('dedupe', {}, deduplicated)) === null) break;
      const { rows } = await database.query(
        'SELECT DISTINCT singleton_on FROM pgboss.job WHERE name = $1 AND singleton_key = $2',
        ['dedupe', deduplicated.singletonKey],
      );
      expect(rows).toHaveLength(2);
      expect(attempt).toBe(1);
    }
  });
});
