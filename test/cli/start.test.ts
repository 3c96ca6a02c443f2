import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresDatabase, dropPostgresDatabase, postgresAvailable } from '../support/databases.ts';
import {
  type GramophoneProcess,
  portsOf,
  REFUSED_PORT,
  readyPorts,
  runGramophone,
} from '../support/gramophone-process.ts';
import { testKeyPrefix } from '../support/isolation.ts';

/** Where the processes under test keep their state: embedded always, real services when CI gives them. */
const backends = postgresAvailable() && process.env.REDIS_URL ? ['embedded', 'services'] : ['embedded'];

describe.each(backends)('gramophone start (%s)', (backend) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function environment(): Promise<Record<string, string>> {
    const dataDir = mkdtempSync(join(tmpdir(), 'gramophone-cli-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    // Any free ports (the ready line names them), so parallel runs never fight over one.
    const env: Record<string, string> = {
      DATA_DIR: dataDir,
      PORT: '0',
      AUDIO_PORT: '0',
      // No DISCORD_TOKEN: `start` runs the sandbox Discord too.
      SANDBOX_PORT: '0',
    };
    if (backend === 'services') {
      const url = await createPostgresDatabase();
      cleanups.push(() => dropPostgresDatabase(url));
      env.DATABASE_URL = url;
      // Required with DATABASE_URL: every api process of a deployment shares it.
      env.SECRET_KEY = Buffer.alloc(32, 5).toString('base64');
      env.REDIS_URL = process.env.REDIS_URL ?? '';
      // Other runs on this Redis never hear this one's bus (nor share its rate limits).
      env.REDIS_KEY_PREFIX = testKeyPrefix('start');
    }
    return env;
  }

  function track(process: GramophoneProcess): GramophoneProcess {
    cleanups.push(async () => {
      if (process.child.exitCode === null) {
        process.kill('SIGKILL');
        await process.exited;
      }
    });
    return process;
  }

  it('starts every role, serves health and metrics, and drains on SIGTERM with exit 0', async () => {
    const env = await environment();
    const gramophone = track(runGramophone(['start'], env));
    const ports = await readyPorts(gramophone);
    for (const role of ['audio', 'worker', 'gateway', 'api']) {
      expect(gramophone.logs().some((line) => line.msg === `role ${role} ready`)).toBe(true);
    }

    const base = `http://127.0.0.1:${ports.PORT}`;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('x-request-id')).toBeTruthy();

    const ready = await fetch(`${base}/readyz`);
    const readyBody = (await ready.json()) as { checks: { name: string; ok: boolean }[] };
    expect(ready.status).toBe(200);
    // The sandbox's Discord connection counts too; the gateway may add checks of its own.
    expect(readyBody.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(['audio', 'audio-nodes', 'bus', 'database', 'discord', 'jobs']),
    );
    expect(readyBody.checks.every((c) => c.ok)).toBe(true);

    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    expect(text).toMatch(/^# TYPE gramophone_process_cpu_seconds_total counter$/m);
    expect(text).toMatch(
      /^gramophone_nodejs_heap_size_used_bytes\{.*roles="audio,worker,gateway,api".*\} \d+/m,
    );

    const audio = `http://127.0.0.1:${ports.AUDIO_PORT}/version`;
    expect((await fetch(audio)).status).toBe(401);
    // Lavalink's well-known default is replaced by a password generated into DATA_DIR, which the
    // gateway of the same installation dials with (its `audio-nodes` check passed above).
    expect((await fetch(audio, { headers: { Authorization: 'youshallnotpass' } })).status).toBe(401);
    const generated = readFileSync(join(env.DATA_DIR!, 'audio-password'), 'utf8').trim();
    expect(generated).toMatch(/^[\w-]{32}$/);
    expect((await fetch(audio, { headers: { Authorization: generated } })).status).toBe(200);

    const stopAt = Date.now();
    gramophone.kill('SIGTERM');
    const { code } = await gramophone.exited;
    expect(code).toBe(0);
    // Drained, not killed after SHUTDOWN_TIMEOUT_MS (that exits 1); the bound allows a busy machine.
    expect(Date.now() - stopAt).toBeLessThan(30_000);
    expect(gramophone.logs().some((line) => line.msg === 'stopped cleanly')).toBe(true);
    for (const role of ['audio', 'worker', 'gateway', 'api']) {
      expect(gramophone.logs().some((line) => line.msg === `role ${role} stopped`)).toBe(true);
    }
  }, 120_000);

  // Migrating a fresh database and `start` relaunching itself for the sandbox: longer than the
  // default timeout on a busy machine.
  it('exits 1 naming the role when a role cannot start, leaving nothing running', async () => {
    const env = await environment();
    // Another process (this one) already holds the port the api is given.
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const held = (blocker.address() as AddressInfo).port;

    const gramophone = track(runGramophone(['start'], { ...env, PORT: String(held) }));
    const { code } = await gramophone.exited;
    expect(code).toBe(1);
    const fatal = gramophone.logs().find((line) => line.level === 60);
    expect(fatal?.msg).toMatch(/^role api failed to start: .*EADDRINUSE/);
    // The roles started before the failure were stopped: the audio port is free again.
    const started = portsOf(gramophone.logs().find((line) => line.msg === 'role audio ready') ?? {});
    expect(gramophone.logs().some((line) => line.msg === 'role audio stopped')).toBe(true);
    const audio = await fetch(`http://127.0.0.1:${started.AUDIO_PORT}/version`).catch(
      (error: Error) => error,
    );
    expect(audio).toBeInstanceOf(Error);
  }, 120_000);
});

describe('gramophone with a broken configuration', () => {
  it('exits 2 naming DATABASE_URL when it is not a usable postgres URL', async () => {
    const gramophone = runGramophone(['start'], { DATABASE_URL: 'postgres://nope' });
    const { code } = await gramophone.exited;
    expect(code).toBe(2);
    expect(gramophone.stderr()).toMatch(/^ {2}DATABASE_URL: must be a postgres:\/\/ URL/m);
    expect(gramophone.stderr()).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 2 with one line per bad variable', async () => {
    const gramophone = runGramophone(['api'], { PORT: 'eighty', LOG_LEVEL: 'chatty' });
    const { code } = await gramophone.exited;
    expect(code).toBe(2);
    const lines = gramophone
      .stderr()
      .split('\n')
      .filter((line) => line.startsWith('  '));
    expect(lines.map((line) => line.trim().split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT']);
  });

  it('exits 1 naming DATABASE_URL when PostgreSQL cannot be reached', async () => {
    const gramophone = runGramophone(['worker'], {
      DATABASE_URL: `postgres://postgres@127.0.0.1:${REFUSED_PORT}/none`,
    });
    const { code } = await gramophone.exited;
    expect(code).toBe(1);
    expect(gramophone.logs().find((line) => line.level === 60)?.msg).toMatch(
      /^DATABASE_URL: cannot connect to PostgreSQL .*ECONNREFUSED/,
    );
  });
});
