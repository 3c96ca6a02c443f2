import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import {
  type Config,
  type LavalinkNodeConfig,
  resolveAudioPassword,
  secretKeySource,
} from '../config/index.ts';
import { EmbeddedDatabaseBusyError, migrationStatus } from '../db/index.ts';
import type { Logger } from '../logging/index.ts';
import { openConfiguredDatabase } from '../runtime/index.ts';
import { checkLinkSources } from './link-sources.ts';

export interface CheckOutcome {
  ok: boolean;
  detail: string;
  /** What to do about a failure. */
  hint?: string;
}

export interface DoctorCheck {
  name: string;
  run(): Promise<CheckOutcome>;
}

const TIMEOUT_MS = 5_000;

export function doctorChecks(config: Config, logger: Logger): DoctorCheck[] {
  const checks: DoctorCheck[] = [
    { name: 'database', run: () => checkDatabase(config, logger) },
    { name: 'redis', run: () => checkRedis(config) },
    { name: 'discord', run: () => checkDiscord(config) },
    { name: 'secret key', run: async () => checkSecretKey(config) },
  ];
  if (config.LAVALINK_NODES) {
    for (const node of config.LAVALINK_NODES)
      checks.push({ name: `audio ${node.id}`, run: () => checkNode(node) });
  } else {
    checks.push({ name: 'audio (built-in)', run: () => checkBuiltInNode(config) });
    checks.push({ name: 'link sources', run: () => checkLinkSources(config) });
  }
  return checks;
}

async function checkDatabase(config: Config, logger: Logger): Promise<CheckOutcome> {
  let database: Awaited<ReturnType<typeof openConfiguredDatabase>>;
  try {
    database = await openConfiguredDatabase(config, logger);
  } catch (error) {
    if (error instanceof EmbeddedDatabaseBusyError) {
      return { ok: true, detail: `embedded database in ${config.DATA_DIR} is open in a running Gramophone` };
    }
    return config.DATABASE_URL
      ? {
          ok: false,
          detail: `cannot connect to PostgreSQL: ${(error as Error).message}`,
          hint: 'check DATABASE_URL (host, port, user, password, database) and that the server accepts connections',
        }
      : {
          ok: false,
          detail: `cannot open the embedded database: ${(error as Error).message}`,
          hint: 'check that DATA_DIR is writable, or set DATABASE_URL to use PostgreSQL',
        };
  }
  try {
    const version = await database.query<{ version: string }>('SELECT version() AS version');
    const { applied: count, available: expected } = await migrationStatus(database);
    const server = (version.rows[0]?.version ?? '').split(' ').slice(0, 2).join(' ');
    const where = config.DATABASE_URL ? new URL(config.DATABASE_URL).host : `embedded (${config.DATA_DIR})`;
    const pending = expected - count;
    return {
      ok: true,
      detail: `${server} at ${where}, migrations ${count}/${expected} applied${pending > 0 ? ` (${pending} pending: they run on start, or with gramophone migrate)` : ''}`,
    };
  } finally {
    await database.close();
  }
}

/** Where the key sealing the panel's Discord tokens comes from (the api role needs one). */
function checkSecretKey(config: Config): CheckOutcome {
  const source = secretKeySource(config);
  if (source.kind === 'config') return { ok: true, detail: 'SECRET_KEY set' };
  if (source.kind === 'file') {
    return {
      ok: true,
      detail: existsSync(source.path)
        ? `SECRET_KEY unset: the api role uses the generated key in ${source.path}`
        : `SECRET_KEY unset: the api role generates a key in ${source.path} at the first login`,
    };
  }
  return {
    ok: false,
    detail: 'SECRET_KEY unset while DATABASE_URL is set: the api role refuses to start',
    hint: 'set SECRET_KEY to the same value in every process (openssl rand -base64 32)',
  };
}

async function checkRedis(config: Config): Promise<CheckOutcome> {
  if (!config.REDIS_URL) return { ok: true, detail: 'REDIS_URL unset: in-memory bus (one process only)' };
  const redis = new Redis(config.REDIS_URL, {
    lazyConnect: true,
    connectTimeout: TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // ioredis reports the cause (ECONNREFUSED…) as an 'error' event and rejects connect() with a
  // generic "Connection is closed": keep the cause for the line we print.
  let cause: Error | undefined;
  redis.on('error', (error: Error) => {
    cause ??= error;
  });
  try {
    await redis.connect();
    const info = await redis.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
    return { ok: true, detail: `Redis ${version} at ${new URL(config.REDIS_URL).host}` };
  } catch (error) {
    return {
      ok: false,
      detail: `cannot reach Redis: ${(cause ?? (error as Error)).message}`,
      hint: 'start Redis or fix REDIS_URL; unset it to run every role in one process on the in-memory bus',
    };
  } finally {
    redis.disconnect();
  }
}

async function checkDiscord(config: Config): Promise<CheckOutcome> {
  if (!config.DISCORD_TOKEN)
    return { ok: true, detail: 'DISCORD_TOKEN unset: start and gateway run the sandbox (a local Discord)' };
  try {
    const response = await fetch(`${config.DISCORD_API_URL}/v10/users/@me`, {
      headers: { Authorization: `Bot ${config.DISCORD_TOKEN}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status === 401) {
      return {
        ok: false,
        detail: 'Discord rejected DISCORD_TOKEN (401)',
        hint: 'copy the bot token again from the Developer Portal (Bot → Reset Token)',
      };
    }
    if (!response.ok)
      return { ok: false, detail: `Discord answered ${response.status}`, hint: 'try again later' };
    const user = (await response.json()) as { username?: string; id?: string };
    return { ok: true, detail: `logged in as ${user.username} (${user.id})` };
  } catch (error) {
    return {
      ok: false,
      detail: `cannot reach ${config.DISCORD_API_URL}: ${fetchFailure(error)}`,
      hint: 'check the network and DISCORD_API_URL',
    };
  }
}

async function checkNode(node: LavalinkNodeConfig): Promise<CheckOutcome> {
  const url = `${node.secure ? 'https' : 'http'}://${node.host}:${node.port}/version`;
  try {
    const response = await fetch(url, {
      headers: { Authorization: node.password },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status === 401) {
      return {
        ok: false,
        detail: `${node.host}:${node.port} rejected the password`,
        hint: 'fix the password in LAVALINK_NODES',
      };
    }
    if (!response.ok)
      return { ok: false, detail: `${url} answered ${response.status}`, hint: 'is it a Lavalink v4 node?' };
    return { ok: true, detail: `Lavalink ${(await response.text()).trim()} at ${node.host}:${node.port}` };
  } catch (error) {
    return {
      ok: false,
      detail: `cannot reach ${node.host}:${node.port}: ${fetchFailure(error)}`,
      hint: 'start the node or fix its entry in LAVALINK_NODES',
    };
  }
}

async function checkBuiltInNode(config: Config): Promise<CheckOutcome> {
  if (config.AUDIO_PORT === 0) {
    return { ok: true, detail: `the audio role will listen on a free port of ${config.AUDIO_HOST}` };
  }
  const url = `http://${config.AUDIO_HOST}:${config.AUDIO_PORT}/version`;
  try {
    const response = await fetch(url, {
      headers: { Authorization: resolveAudioPassword(config).password },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.ok) return { ok: true, detail: `running at ${config.AUDIO_HOST}:${config.AUDIO_PORT}` };
    return {
      ok: false,
      detail: `something else answers on ${config.AUDIO_HOST}:${config.AUDIO_PORT} (${response.status})`,
      hint: 'free the port or set AUDIO_PORT (and AUDIO_PASSWORD if it is another Lavalink node)',
    };
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === 'ECONNREFUSED') {
      return {
        ok: true,
        detail: `not running; the audio role will listen on ${config.AUDIO_HOST}:${config.AUDIO_PORT}`,
      };
    }
    return {
      ok: false,
      detail: `cannot probe ${url}: ${fetchFailure(error)}`,
      hint: 'check AUDIO_HOST and AUDIO_PORT',
    };
  }
}

/** fetch() says only "fetch failed"; the reason a person can act on is in its cause. */
function fetchFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
