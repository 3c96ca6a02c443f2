import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/** Where every run leaves its per-file timings; `npm run test:slowest` reads it. */
export const TIMINGS_FILE = 'test-results/timings.json';

export interface FileTiming {
  file: string;
  state: string;
  tests: number;
  /** Import of the file plus every test and hook in it: the wall time one fork spends on it. */
  ms: number;
  collectMs: number;
  testsMs: number;
}

/**
 * A vitest reporter that records how long each test file held its fork. vitest's JSON report
 * counts from the first test's start, which leaves out the `beforeAll` that starts a file's
 * world, the cost that matters most for e2e files.
 */
export default class TimingReporter implements Reporter {
  #startedAt = Date.now();

  onTestRunStart(): void {
    this.#startedAt = Date.now();
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const files: FileTiming[] = modules.map((module) => {
      const diagnostic = module.diagnostic();
      const collectMs = diagnostic.collectDuration + diagnostic.setupDuration + diagnostic.prepareDuration;
      return {
        file: relative(process.cwd(), module.moduleId),
        state: module.state(),
        tests: [...module.children.allTests()].length,
        ms: Math.round(collectMs + diagnostic.duration),
        collectMs: Math.round(collectMs),
        testsMs: Math.round(diagnostic.duration),
      };
    });
    files.sort((a, b) => b.ms - a.ms);
    const report = { finishedAt: new Date().toISOString(), wallMs: Date.now() - this.#startedAt, files };
    mkdirSync(dirname(TIMINGS_FILE), { recursive: true });
    writeFileSync(TIMINGS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  }
}
