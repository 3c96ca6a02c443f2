import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.ts';
import { silentLogger } from '../logging/index.ts';
import {
  type RoleDefinition,
  type RoleName,
  RoleStartError,
  type RunningApp,
  runUntilSignal,
  startApp,
} from './index.ts';

/** A role that records when it starts and stops, and can be told to fail or hang. */
function aRole(name: RoleName, journal: string[], behaviour: { failStart?: boolean; stopMs?: number } = {}) {
  return {
    name,
    async start(context) {
      if (behaviour.failStart) throw new Error(`${name} refuses`);
      journal.push(`start ${name}`);
      context.health.add({ name: `role-${name}`, check: async () => {} });
      return {
        stop: async () => {
          await new Promise((resolve) => setTimeout(resolve, behaviour.stopMs ?? 0));
          journal.push(`stop ${name}`);
        },
      };
    },
  } satisfies RoleDefinition;
}

// Each test boots and migrates an embedded database: tens of seconds on a busy machine.
describe('startApp', { timeout: 90_000 }, () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const config = (env: Record<string, string> = {}) => {
    const dir = mkdtempSync(join(tmpdir(), 'gramophone-app-'));
    dirs.push(dir);
    // The shared infrastructure is always embedded here; the CLI tests cover PostgreSQL + Redis.
    return parseConfig({ DATA_DIR: dir, ...env });
  };

  it('starts roles in order and stops them in reverse, then reports not ready', async () => {
    const journal: string[] = [];
    const app = await startApp({
      config: config(),
      logger: silentLogger(),
      capabilities: [],
      roles: [aRole('audio', journal), aRole('worker', journal), aRole('api', journal)],
    });
    const report = await app.context.health.readiness();
    expect(report.ready).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(['database', 'bus', 'jobs', 'role-audio', 'role-worker', 'role-api']),
    );
    await app.stop();
    expect(journal).toEqual([
      'start audio',
      'start worker',
      'start api',
      'stop api',
      'stop worker',
      'stop audio',
    ]);
    expect(app.context.health.isDraining).toBe(true);
  });

  it('gives the roles after one that listened on port 0 the port it got', async () => {
    const seen: number[] = [];
    const audio: RoleDefinition = {
      name: 'audio',
      start: async () => ({ stop: async () => {}, ports: { AUDIO_PORT: 40_123 } }),
    };
    const gateway: RoleDefinition = {
      name: 'gateway',
      start: async (context) => {
        seen.push(context.config.AUDIO_PORT);
        return { stop: async () => {} };
      },
    };
    const app = await startApp({
      config: config({ AUDIO_PORT: '0' }),
      logger: silentLogger(),
      capabilities: [],
      roles: [audio, gateway],
    });
    await app.stop();
    expect(seen).toEqual([40_123]);
    expect(app.context.config.AUDIO_PORT).toBe(40_123);
  });

  it('refuses AUDIO_PORT=0 for a gateway without the audio role or LAVALINK_NODES', async () => {
    const started = startApp({
      config: config({ AUDIO_PORT: '0' }),
      logger: silentLogger(),
      capabilities: [],
      roles: [aRole('gateway', [])],
    });
    await expect(started).rejects.toMatchObject({ name: 'DependencyError', variable: 'AUDIO_PORT' });
  });

  it('stops what already started when a later role fails, and names the role', async () => {
    const journal: string[] = [];
    const started = startApp({
      config: config(),
      logger: silentLogger(),
      capabilities: [],
      roles: [aRole('audio', journal), aRole('gateway', journal, { failStart: true }), aRole('api', journal)],
    });
    await expect(started).rejects.toBeInstanceOf(RoleStartError);
    await expect(started).rejects.toThrow('role gateway failed to start: gateway refuses');
    expect(journal).toEqual(['start audio', 'stop audio']);
  });
});

describe('runUntilSignal', () => {
  function fakeApp(stopMs: number): RunningApp & { stopped: () => boolean } {
    let stopped = false;
    return {
      context: {} as RunningApp['context'],
      stop: async () => {
        await new Promise((resolve) => setTimeout(resolve, stopMs));
        stopped = true;
      },
      stopped: () => stopped,
    };
  }

  it('drains on SIGTERM and exits 0', async () => {
    const app = fakeApp(50);
    const exits: number[] = [];
    const done = runUntilSignal(app, {
      logger: silentLogger(),
      timeoutMs: 1_000,
      exit: (code) => exits.push(code),
    });
    process.emit('SIGTERM', 'SIGTERM');
    expect(await done).toBe(0);
    expect(app.stopped()).toBe(true);
    expect(exits).toEqual([0]);
  });

  it('exits 1 when draining outlasts the timeout', async () => {
    // A drain far longer than the timeout, so the bound below tells the two apart on a busy machine.
    const app = fakeApp(10_000);
    const exits: number[] = [];
    const started = Date.now();
    const done = runUntilSignal(app, {
      logger: silentLogger(),
      timeoutMs: 200,
      exit: (code) => exits.push(code),
    });
    process.emit('SIGINT', 'SIGINT');
    expect(await done).toBe(1);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(exits[0]).toBe(1);
  });
});
