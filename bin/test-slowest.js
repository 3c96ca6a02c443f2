#!/usr/bin/env node
// Lists the slowest test files of the last `npm test` (test-results/timings.json, written by
// test/support/timing-reporter.ts), or of a fresh run with --run. Usage:
//   npm run test:slowest [-- --run] [--top N] [--file PATH]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 && args[index + 1] ? args[index + 1] : fallback;
};
const file = option('--file', 'test-results/timings.json');
const top = Number(option('--top', '20'));

if (args.includes('--run')) {
  const run = spawnSync('npx', ['vitest', 'run'], { stdio: 'inherit' });
  if (!existsSync(file)) process.exit(run.status ?? 1);
} else if (!existsSync(file)) {
  console.log(`${file} is missing: run the suite first (npm test), or pass --run.`);
  process.exit(1);
}

const report = JSON.parse(readFileSync(file, 'utf8'));
const files = report.files;
const totalMs = files.reduce((sum, f) => sum + f.ms, 0);
const seconds = (ms) => (ms / 1000).toFixed(1).padStart(7);
console.log(
  `\n${files.length} test files, ${files.reduce((s, f) => s + f.tests, 0)} tests; run finished ${report.finishedAt}`,
);
console.log(
  `wall ${seconds(report.wallMs).trim()} s; file time summed over forks ${seconds(totalMs).trim()} s\n`,
);
console.log(`${'file s'.padStart(7)} ${'import'.padStart(7)} ${'tests'.padStart(6)}  share  file`);
for (const f of files.slice(0, top)) {
  const share = `${((100 * f.ms) / totalMs).toFixed(1)}%`.padStart(6);
  console.log(
    `${seconds(f.ms)} ${seconds(f.collectMs)} ${String(f.tests).padStart(6)} ${share}  ${f.file}${f.state === 'failed' ? '  (failed)' : ''}`,
  );
}
const layers = new Map();
for (const f of files) {
  const layer = f.file.split('/').slice(0, 2).join('/');
  const entry = layers.get(layer) ?? { ms: 0, files: 0 };
  entry.ms += f.ms;
  entry.files += 1;
  layers.set(layer, entry);
}
console.log('\nBy folder:');
for (const [layer, { ms, files: n }] of [...layers].sort((a, b) => b[1].ms - a[1].ms).slice(0, top)) {
  console.log(`${seconds(ms)} ${String(n).padStart(4)} files  ${layer}`);
}
