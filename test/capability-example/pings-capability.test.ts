import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contributionsOf } from '../../src/capability/index.ts';
import { JobQueue } from '../../src/jobs/index.ts';
import { silentLogger } from '../../src/logging/index.ts';
import { createMetricsRegistry } from '../../src/metrics/index.ts';
import { capabilities } from '../../src/registry/index.ts';
import type { AppContext, RunningRole } from '../../src/runtime/index.ts';
import { workerRole } from '../../src/worker/index.ts';
import { logIn, type PanelHarness, startPanel } from '../api/support.ts';
import { eventually } from '../support/eventually.ts';
import { PINGS_RESET_JOB, pingsCapability } from './pings-capability.ts';

/**
 * Adding a capability is one folder and one line in the list the roles are given: this one
 * (test-only) brings a table, a slash command, a guarded route and a job, and each works
 * through the real roles — the gateway logged in to the emulator, the panel, the worker on
 * the job queue — without any role knowing it.
 */
describe('a capability added by one line', () => {
  let panel: PanelHarness;
  let jobs: JobQueue;
  let worker: RunningRole;
  let guildId: string;
  let ownerId: string;
  let textChannelId: string;

  beforeAll(async () => {
    panel = await startPanel({
      kind: 'pglite',
      gateway: true,
      // The one line:
      capabilities: [...capabilities, pingsCapability],
    });
    ({ guildId, ownerId, textChannelId } = panel.emulator.demo!);
    // Its table, as `npm run db:generate` would write it from the capability's schema.
    const statements = await generateMigration(
      generateDrizzleJson({}),
      generateDrizzleJson({ ...pingsCapability.tables }),
    );
    for (const statement of statements) await panel.database.exec(statement);
    const metrics = createMetricsRegistry({ instance: 'test', roles: 'worker' });
    jobs = new JobQueue({ database: panel.database, logger: silentLogger(), registry: metrics });
    await jobs.start();
    const context = {
      config: panel.config,
      logger: silentLogger(),
      metrics,
      database: panel.database,
      bus: panel.bus,
      jobs,
      roles: ['worker'],
      capabilities: [...capabilities, pingsCapability],
    } as unknown as AppContext;
    worker = await workerRole.start(context);
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await jobs?.stop();
    await panel?.close();
  });

  it('lists what it contributes', () => {
    expect(contributionsOf(pingsCapability)).toMatchObject({
      name: 'example-pings',
      commands: ['example-ping'],
      jobs: [{ name: PINGS_RESET_JOB, schedule: null }],
      tables: ['example_pings'],
      guildRoutes: true,
    });
  });

  it('answers its slash command, registered with Discord beside the others', async () => {
    const registered = panel.emulator.control.commands().map((command) => command.name);
    expect(registered).toEqual(expect.arrayContaining(['play', 'playlist', 'settings', 'example-ping']));
    const first = await panel.emulator.control.slashCommand({
      channelId: textChannelId,
      userId: ownerId,
      command: 'example-ping',
      answerTimeoutMs: 15_000,
    });
    expect(first.content).toBe('pong 1');
    const second = await panel.emulator.control.slashCommand({
      channelId: textChannelId,
      userId: ownerId,
      command: 'example-ping',
      answerTimeoutMs: 15_000,
    });
    expect(second.content).toBe('pong 2');
  });

  it('serves its route behind the guild guard', async () => {
    const anonymous = await panel.app.inject({ method: 'GET', url: `/api/guilds/${guildId}/example/pings` });
    expect(anonymous.statusCode).toBe(401);
    const owner = await logIn(panel, ownerId);
    const reply = await owner.request({ url: `/api/guilds/${guildId}/example/pings` });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ count: 2 });
  });

  it('runs its job on the worker', async () => {
    await jobs.send(PINGS_RESET_JOB, { guildId });
    const owner = await logIn(panel, ownerId);
    await eventually(async () => {
      const reply = await owner.request({ url: `/api/guilds/${guildId}/example/pings` });
      expect(reply.json()).toEqual({ count: 0 });
    }, 30_000);
  });
});
