/**
 * Resident memory of a `gramophone gateway` process per Discord guild: for each guild count, a
 * fresh emulator seeded with that many guilds (in this process), a fresh database, and the
 * gateway CLI as an operator runs it, with LAVALINK_NODES pointing at one `gramophone audio`
 * process. After the gateway is ready and idle, two full GCs (inspector protocol), then VmRSS.
 * Per guild = (RSS − RSS with one guild) / (guilds − 1).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDiscordEmulator } from '../../src/emulators/discord/index.ts';
import { createPostgresDatabase, dropPostgresDatabase } from '../../test/support/databases.ts';
import { freePort, type GramophoneProcess, runGramophone } from '../../test/support/gramophone-process.ts';
import { seedGuilds } from './guild-seed.ts';
import { InspectorSession, inspectorUrl, rssBytes, stop, waitForIdle } from './process-probe.ts';

const AUDIO_PASSWORD = 'bench-audio-node-password';
const MB = 1024 * 1024;

export interface MemoryPoint {
  guilds: number;
  shards: number;
  /** From spawning the process to its "Gramophone ready" line. */
  readyMs: number;
  /** False when the process kept using CPU for two minutes after ready (the figure is then less sure). */
  settled: boolean;
  rssBytes: number;
  heapUsedBytes: number;
  /** (rss − baseline rss) / (guilds − baseline guilds); null for the baseline itself. */
  rssPerGuildBytes: number | null;
  heapPerGuildBytes: number | null;
}

export interface GatewayMemoryReport {
  database: 'postgres' | 'pglite';
  points: MemoryPoint[];
}

/** Measures the baseline (one guild) and then each of `sizes`. */
export async function measureGatewayMemory(
  sizes: readonly number[],
  log: (line: string) => void,
): Promise<GatewayMemoryReport> {
  const work = await mkdtemp(join(tmpdir(), 'gramophone-bench-memory-'));
  const database = process.env.DATABASE_URL ? 'postgres' : 'pglite';
  const audioPort = await freePort();
  const audio = runGramophone(['audio'], {
    DATA_DIR: join(work, 'audio'),
    AUDIO_PORT: String(audioPort),
    AUDIO_PASSWORD,
    LOG_LEVEL: 'info',
  });
  try {
    await waitReady(audio, 60_000);
    const lavalinkNodes = `http://bench:${AUDIO_PASSWORD}@127.0.0.1:${audioPort}`;
    const points: MemoryPoint[] = [];
    for (const guilds of [1, ...sizes]) {
      const point = await measureOne(guilds, { work, lavalinkNodes, database });
      const baseline = points[0];
      if (baseline) {
        point.rssPerGuildBytes = (point.rssBytes - baseline.rssBytes) / (guilds - baseline.guilds);
        point.heapPerGuildBytes = (point.heapUsedBytes - baseline.heapUsedBytes) / (guilds - baseline.guilds);
      }
      points.push(point);
      log(
        `  ${String(guilds).padStart(6)} guilds, ${point.shards} shard(s): RSS ${(point.rssBytes / MB).toFixed(1)} MB, ` +
          `heap used ${(point.heapUsedBytes / MB).toFixed(1)} MB, ready in ${(point.readyMs / 1000).toFixed(1)} s` +
          (point.settled ? '' : ' (still busy after 2 min)'),
      );
    }
    return { database, points };
  } finally {
    await stop(audio);
    await rm(work, { recursive: true, force: true });
  }
}

async function measureOne(
  guilds: number,
  options: { work: string; lavalinkNodes: string; database: 'postgres' | 'pglite' },
): Promise<MemoryPoint> {
  const emulator = await startDiscordEmulator({});
  seedGuilds(emulator.control, guilds, { listenersInVoice: false });
  const databaseUrl = options.database === 'postgres' ? await createPostgresDatabase() : null;
  const started = performance.now();
  const gateway = runGramophone(['gateway'], {
    DATA_DIR: join(options.work, `gateway-${guilds}`),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    DISCORD_TOKEN: emulator.token,
    DISCORD_API_URL: emulator.apiUrl,
    LAVALINK_NODES: options.lavalinkNodes,
    LOG_LEVEL: 'info',
    // The inspector lets this process trigger full GCs in the gateway without changing its code.
    NODE_OPTIONS: '--inspect=127.0.0.1:0',
  });
  let inspector: InspectorSession | undefined;
  try {
    await waitReady(gateway, 300_000);
    const readyMs = performance.now() - started;
    const connected = gateway.logs().find((line) => line.msg === 'connected to Discord');
    if (connected?.guilds !== guilds) {
      throw new Error(`the gateway reported ${String(connected?.guilds)} guilds, expected ${guilds}`);
    }
    const pid = gateway.child.pid;
    const url = inspectorUrl(gateway.stderr());
    if (pid === undefined || !url) throw new Error('the gateway process has no pid or inspector URL');
    const settled = await waitForIdle(pid);
    inspector = await InspectorSession.connect(url);
    await inspector.collectGarbage();
    // Let V8 hand freed pages back before reading RSS.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const memory = await inspector.memoryUsage();
    return {
      guilds,
      shards: emulator.control.sessions().filter((session) => session.connected).length,
      readyMs,
      settled,
      rssBytes: await rssBytes(pid),
      heapUsedBytes: memory.heapUsed,
      rssPerGuildBytes: null,
      heapPerGuildBytes: null,
    };
  } finally {
    inspector?.close();
    await stop(gateway);
    await emulator.close();
    if (databaseUrl) await dropPostgresDatabase(databaseUrl);
  }
}

async function waitReady(child: GramophoneProcess, timeoutMs: number): Promise<void> {
  await child
    .waitForLog((line) => String(line.msg ?? '').startsWith('Gramophone ready'), timeoutMs)
    .catch((error: Error) => {
      throw new Error(`${error.message.slice(0, 4000)}\n${child.stderr().slice(-2000)}`);
    });
}
