/**
 * Listening-history import: generates Spotify extended-history files of 250,000 and 1,000,000
 * rows (streamed out to a temp dir, never built in memory), then parses each in a fresh child
 * process and prints rows/s, peak RSS (sampled every 20 ms) and the file size. RSS flat in the
 * file's size shows as the same peak for both files. Goal: ≥ 20,000 rows/s.
 *
 * With storage (the default; `--no-store` to skip), the 250,000-row file is also parsed and
 * stored through `ListenArchive.store` into an in-memory PGlite database (`--store-rows all`
 * stores the 1,000,000-row file too: that takes minutes on PGlite).
 *
 *   node bin/run-ts.js bench/history.bench.ts [--no-store] [--store-rows 250000|all]
 *   node bin/run-ts.js bench/history.bench.ts --rows 100000   (one size only)
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHistoryImport } from '../src/history/import/index.ts';
import type { ListenInput, StoreResult } from '../src/history/index.ts';

const USER = '100000000000000001';
const args = process.argv.slice(2);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
};

/** A row shaped like Spotify's (every key, pretty-printed like the real files). */
function row(i: number): string {
  const end = new Date(Date.UTC(2015, 0, 1) + i * 187_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const kind = i % 50 === 7 ? 'podcast' : i % 200 === 3 ? 'zero' : 'track';
  const track = i % 5000;
  const id = `${'4uLU6hMCjMI75M1A2t'}${String(track).padStart(4, '0')}`;
  const fields: Record<string, unknown> = {
    ts: end,
    platform: 'android',
    ms_played: kind === 'zero' ? 0 : 30_000 + (i % 200_000),
    conn_country: 'DE',
    ip_addr: '192.0.2.1',
    master_metadata_track_name: kind === 'podcast' ? null : `Track ${track}`,
    master_metadata_album_artist_name: kind === 'podcast' ? null : `Artist ${track % 700}`,
    master_metadata_album_album_name: kind === 'podcast' ? null : `Album ${track % 1500}`,
    spotify_track_uri: kind === 'podcast' ? null : `spotify:track:${id}`,
    episode_name: kind === 'podcast' ? `Episode ${i}` : null,
    episode_show_name: kind === 'podcast' ? 'A Show' : null,
    spotify_episode_uri: kind === 'podcast' ? 'spotify:episode:0Q86acNRm6V9GYx55SXKwf' : null,
    audiobook_title: null,
    audiobook_uri: null,
    audiobook_chapter_uri: null,
    audiobook_chapter_title: null,
    reason_start: 'trackdone',
    reason_end: 'trackdone',
    shuffle: false,
    skipped: false,
    offline: false,
    offline_timestamp: null,
    incognito_mode: false,
  };
  return JSON.stringify(fields, null, 4).replace(/^/gm, '  ');
}

async function generate(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('[\n');
  for (let i = 0; i < rows; i += 1) await write(`${row(i)}${i + 1 < rows ? ',' : ''}\n`);
  await write(']\n');
  out.end();
  await once(out, 'finish');
  return (await stat(path)).size;
}

interface RunResult {
  rows: number;
  listens: number;
  seconds: number;
  peakRssMb: number;
  startRssMb: number;
  /** CPU seconds (user + system) the run used: rows per CPU second do not depend on the machine's load. */
  cpuSeconds: number;
  added?: number;
  present?: number;
}

/** The measured part, in a child process so each run's RSS is its own. */
async function child(path: string, store: boolean): Promise<void> {
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  // ---- Storage step (optional): ListenArchive.store into an in-memory PGlite database. ----
  let storeBatch: ((inputs: ListenInput[]) => Promise<StoreResult>) | null = null;
  let closeDatabase = async () => {};
  if (store) {
    const { migrate, openDatabase } = await import('../src/db/index.ts');
    const { ListenArchive } = await import('../src/history/index.ts');
    const { silentLogger } = await import('../src/logging/index.ts');
    const database = await openDatabase({ kind: 'pglite', dataDir: undefined, logger: silentLogger() });
    await migrate(database);
    await database.query(`INSERT INTO users (id, username) VALUES ($1, 'bench')`, [USER]);
    const archive = new ListenArchive(database);
    storeBatch = (inputs) => archive.store(inputs);
    closeDatabase = () => database.close();
  }
  const startRss = process.memoryUsage.rss();
  let peak = startRss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const history = await openHistoryImport(path, {
    userId: USER,
    fileName: 'Streaming_History_Audio_2015-2026.json',
  });
  let rows = 0;
  let listens = 0;
  let added = 0;
  let present = 0;
  for await (const batch of history.batches()) {
    rows = batch.counts.read;
    listens = batch.counts.listens;
    if (storeBatch) {
      const inputs = batch.outcomes.flatMap((outcome) => (outcome.kind === 'listen' ? [outcome.input] : []));
      const result = await storeBatch(inputs);
      added += result.added;
      present += result.present;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  await closeDatabase();
  const result: RunResult = {
    rows,
    listens,
    seconds,
    peakRssMb: mb(peak),
    startRssMb: mb(startRss),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  if (store) Object.assign(result, { added, present });
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

function measure(path: string, store: boolean): RunResult {
  const run = spawnSync(
    process.execPath,
    ['bin/run-ts.js', 'bench/history.bench.ts', '--child', path, ...(store ? ['--store-child'] : [])],
    { encoding: 'utf8', maxBuffer: 1024 * 1024 },
  );
  const line = run.stdout.split('\n').find((text) => text.startsWith('RESULT '));
  if (!line) throw new Error(`bench child failed (${run.status}): ${run.stderr}`);
  return JSON.parse(line.slice('RESULT '.length)) as RunResult;
}

async function main(): Promise<void> {
  const sizes = option('--rows') ? [Number(option('--rows'))] : [250_000, 1_000_000];
  const store = !args.includes('--no-store');
  const storeRows = option('--store-rows') ?? '250000';
  const dir = await mkdtemp(join(tmpdir(), 'history-bench-'));
  try {
    console.log('history import bench (Spotify extended streaming history, one JSON array)');
    console.log(
      `  load average now: ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')} (${availableParallelism()} cores)`,
    );
    for (const rows of sizes) {
      const path = join(dir, `Streaming_History_Audio_${rows}.json`);
      const generatedAt = performance.now();
      const bytes = await generate(path, rows);
      const generateSeconds = (performance.now() - generatedAt) / 1000;
      const parse = measure(path, false);
      console.log(
        `  ${rows.toLocaleString('en')} rows, ${(bytes / 1024 / 1024).toFixed(0)} MB file (generated in ${generateSeconds.toFixed(1)} s)`,
      );
      console.log(
        `    parse only:    ${Math.round(parse.rows / parse.seconds).toLocaleString('en')} rows/s (${parse.seconds.toFixed(1)} s; ${Math.round(parse.rows / parse.cpuSeconds).toLocaleString('en')} rows per CPU second; ${parse.listens.toLocaleString('en')} listens), peak RSS ${parse.peakRssMb} MB (at start ${parse.startRssMb} MB)`,
      );
      // ---- Parse + store: ListenArchive.store, one transaction per batch of 5,000. ----
      if (store && (storeRows === 'all' || Number(storeRows) === rows)) {
        const stored = measure(path, true);
        console.log(
          `    parse + store: ${Math.round(stored.rows / stored.seconds).toLocaleString('en')} rows/s (${stored.seconds.toFixed(1)} s; ${Math.round(stored.rows / stored.cpuSeconds).toLocaleString('en')} rows per CPU second; ${stored.added} added, ${stored.present} already present), peak RSS ${stored.peakRssMb} MB (at start ${stored.startRssMb} MB)`,
        );
      }
      await rm(path);
    }
    console.log('  goal: ≥ 20,000 rows/s parsing, peak RSS the same for both file sizes');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const childPath = option('--child');
if (childPath) await child(childPath, args.includes('--store-child'));
else await main();
