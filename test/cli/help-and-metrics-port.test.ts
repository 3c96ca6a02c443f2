import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readyPorts, runGramophone } from '../support/gramophone-process.ts';

describe('gramophone --help', () => {
  it('lists every command, and each command has its own help', async () => {
    const help = runGramophone(['--help']);
    expect((await help.exited).code).toBe(0);
    for (const command of ['start', 'gateway', 'audio', 'api', 'worker', 'migrate', 'doctor']) {
      expect(help.stdout()).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
    }
    const startHelp = runGramophone(['start', '--help']);
    expect((await startHelp.exited).code).toBe(0);
    expect(startHelp.stdout()).toContain('Usage: gramophone start');
  });

  it('refuses an unknown command with a non-zero exit', async () => {
    const run = runGramophone(['strat']);
    expect((await run.exited).code).not.toBe(0);
    expect(run.stderr()).toContain("unknown command 'strat'");
  });
});

describe('METRICS_PORT', () => {
  // Booting the embedded database is slow on a busy machine: the ready line may take up to 60 s.
  it('gives a role without HTTP of its own /metrics, /healthz and /readyz', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gramophone-cli-'));
    // Any free port: the ready line names it.
    const worker = runGramophone(['worker'], { DATA_DIR: dataDir, METRICS_PORT: '0' });
    try {
      const { METRICS_PORT: port } = await readyPorts(worker);
      expect(port).toBeGreaterThan(0);
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const ready = (await (await fetch(`${base}/readyz`)).json()) as { checks: { name: string }[] };
      expect(ready.checks.map((c) => c.name).sort()).toEqual(['bus', 'database', 'jobs']);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(/^gramophone_process_resident_memory_bytes\{.*roles="worker".*\} \d+/m);
      worker.kill('SIGTERM');
      expect((await worker.exited).code).toBe(0);
    } finally {
      if (worker.child.exitCode === null) worker.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
