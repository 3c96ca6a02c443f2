/**
 * Issue #5: how fast the bot answers slash commands at scale, and what a guild costs the
 * gateway in memory.
 *
 * 1. Latency from INTERACTION_CREATE (the emulator sending it) to the bot's first callback
 *    (`POST /interactions/:id/:token/callback` reaching the emulator), p50 and p99, for /play
 *    and /queue, open loop (interactions leave on schedule whatever the answers) across
 *    `--guilds` guilds at `--rate` a second for `--seconds` each; a real `gramophone start`.
 *    Phases: /queue with nothing playing, /queue with a player in every guild, /play queueing
 *    more tracks, and that /play again beside a CPU-burning neighbour, a busy loop on every core
 *    (see interactions/interaction-latency.ts); every phase prints how many interactions were not
 *    acknowledged within Discord's 3 s.
 * 2. RSS of a `gramophone gateway` process per guild at each of `--memory-guilds`, with
 *    LAVALINK_NODES pointing at a `gramophone audio` process.
 *
 *   npm run bench:interactions
 *   npm run bench:interactions -- --guilds 10 --rate 10 --seconds 5 --memory-guilds 200
 *   npm run bench:interactions -- --only memory
 *   npm run bench:interactions -- --only latency --log-file /tmp/gramophone.jsonl   (its log, to look into)
 *   npm run bench:interactions -- --only latency --burners 4   (a harder neighbour: default, one per core)
 *
 * PostgreSQL (a fresh database, dropped after) backs the memory runs when DATABASE_URL is set,
 * so the embedded database's memory is not counted as the gateway's; else PGlite.
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DISCORD_CACHE_SUMMARY } from '../src/gateway/index.ts';
import { GUILD_SHAPE } from './interactions/guild-seed.ts';
import { type LatencyPhase, measureInteractionLatency } from './interactions/interaction-latency.ts';
import { latencyPercentile, percentile } from './interactions/open-loop.ts';

const count = (max: number) => z.coerce.number().int().min(1).max(max);
const argsSchema = z.object({
  guilds: count(10_000).default(100),
  rate: count(1_000).default(50),
  seconds: count(600).default(20),
  'memory-guilds': z
    .string()
    .default('1000,10000')
    .transform((list) => list.split(',').map((item) => Number(item.trim())))
    .pipe(z.array(z.number().int().min(2).max(50_000)).min(1)),
  only: z.enum(['latency', 'memory']).optional(),
  'log-file': z.string().min(1).optional(),
  burners: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
});

const { values } = parseArgs({
  options: {
    guilds: { type: 'string' },
    rate: { type: 'string' },
    seconds: { type: 'string' },
    'memory-guilds': { type: 'string' },
    only: { type: 'string' },
    'log-file': { type: 'string' },
    burners: { type: 'string' },
  },
});
const parsed = argsSchema.safeParse(values);
if (!parsed.success) {
  console.error(`bench:interactions: ${z.prettifyError(parsed.error)}`);
  process.exit(2);
}
const args = parsed.data;
const log = (line: string) => console.log(line);
const ms = (value: number) => {
  if (Number.isNaN(value)) return 'n/a';
  return Number.isFinite(value) ? `${value.toFixed(1)} ms` : '> 3 s (not acknowledged)';
};
const MB = 1024 * 1024;

log('bench:interactions — Gramophone against the Discord emulator');
log(
  `machine: load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (shared; figures move with it)`,
);
log(`discord.js caches: ${DISCORD_CACHE_SUMMARY}`);
log(`each guild: ${GUILD_SHAPE.description}`);

if (args.only !== 'memory') {
  log('');
  log(
    `1. Slash-command latency, INTERACTION_CREATE → first callback (open loop, ${args.rate}/s, ${args.seconds} s each)`,
  );
  const report = await measureInteractionLatency({ ...args, logFile: args['log-file'] }, log);
  for (const phase of report.phases) printLatency(phase);
  log(
    `  /play acknowledgements, without and with a CPU-burning neighbour (${availableParallelism()} cores):`,
  );
  for (const { burners, result } of report.phases.filter((phase) => phase.command === 'play')) {
    log(
      `    ${burners ? `${burners} burners` : 'no burner'}: ${result.notAcknowledged} of ${result.fired} not acknowledged ` +
        `within 3 s; acknowledgement p50 ${ms(latencyPercentile(result, 0.5))}, p99 ${ms(latencyPercentile(result, 0.99))}, ` +
        `max ${ms(latencyPercentile(result, 1))}; ${result.callbackTypes['5'] ?? 0} deferred (type 5)`,
    );
  }
  const { connected, heard, playingNow } = report.voice;
  log(
    `  voice, of ${args.guilds} guilds: bot connected in ${connected}, audio heard in ${heard}, ` +
      `still arriving at the end in ${playingNow}`,
  );
  const { received, completedMs } = report.loadTracks;
  log(
    `  audio node GET /v4/loadtracks (one per /play): ${received} received, ${completedMs.length} completed, ` +
      `p50 ${ms(percentile(completedMs, 0.5))}, p99 ${ms(percentile(completedMs, 0.99))}`,
  );
  log(`  RSS of the gramophone start process at the end: ${(report.processRssBytes / MB).toFixed(0)} MB`);
}

if (args.only !== 'latency') {
  log('');
  log('2. Gateway RSS per guild (gramophone gateway; LAVALINK_NODES → a gramophone audio process)');
  const { measureGatewayMemory } = await import('./interactions/gateway-memory.ts');
  const report = await measureGatewayMemory(args['memory-guilds'], log);
  log(
    `  database: ${report.database === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'PGlite in the gateway process'}`,
  );
  const [baseline, ...points] = report.points;
  log(`  baseline (1 guild): RSS ${((baseline?.rssBytes ?? 0) / MB).toFixed(1)} MB`);
  for (const point of points) {
    log(
      `  ${point.guilds} guilds: ${((point.rssPerGuildBytes ?? 0) / 1024).toFixed(1)} KiB RSS per guild ` +
        `(${((point.heapPerGuildBytes ?? 0) / 1024).toFixed(1)} KiB of it JS heap)`,
    );
  }
}
log('');
log(
  `machine load average at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

function printLatency({ command, situation, result, load }: LatencyPhase): void {
  const samples = result.latenciesMs.length;
  const types = Object.entries(result.callbackTypes)
    .map(([type, n]) => `${n}× type ${type}`)
    .join(', ');
  log(
    `  /${command} (${situation}): p50 ${ms(latencyPercentile(result, 0.5))}, p90 ${ms(latencyPercentile(result, 0.9))}, ` +
      `p99 ${ms(latencyPercentile(result, 0.99))}, max ${ms(latencyPercentile(result, 1))} — ` +
      `${samples} samples of ${result.fired} fired (${types}); ${result.notAcknowledged} not acknowledged within 3 s`,
  );
  const problems = [
    result.deferredUnfinished ? `${result.deferredUnfinished} deferred and never finished` : '',
    result.refusals.length
      ? `${result.refusals.length} refused, mostly "${mostCommon(result.refusals)}"`
      : '',
    result.errors.length ? `${result.errors.length} errors, e.g. ${result.errors[0]}` : '',
  ].filter(Boolean);
  if (problems.length) log(`    ${problems.join('; ')}`);
  log(
    `    gramophone process: CPU ${load.processCpuPercent.toFixed(0)} % of a core, event-loop delay p99 ` +
      `${load.eventLoopP99Ms.toFixed(0)} ms; ${load.children} child processes (ffmpeg) using ${load.childrenCpuPercent.toFixed(0)} %`,
  );
  log(
    `    load generator: schedule lag p99 ${result.scheduleLagP99Ms.toFixed(1)} ms, ` +
      `its event-loop delay p99 ${result.loopDelayP99Ms.toFixed(1)} ms (it also stamps the callbacks)`,
  );
}

/** The most frequent of `texts`, shortened. */
function mostCommon(texts: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const text of texts) counts.set(text, (counts.get(text) ?? 0) + 1);
  const [top = ''] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
  return top.length > 140 ? `${top.slice(0, 140)}…` : top;
}
