#!/usr/bin/env node
// Builds the dashboard (web/ → web/dist/) and prints what the first page costs: the entry
// chunk, every chunk it imports statically and its CSS, gzipped. Fails above the budget.
//
// Runs on `npm install` (prepare) so `npm start` on a fresh clone serves the dashboard; an
// install without dev dependencies (`npm ci --omit=dev`) has no Vite and skips the build.
// `--out-dir <dir>` builds elsewhere than web/dist (the tests build aside, then move it in).
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const FIRST_PAGE_BUDGET_BYTES = 250 * 1024;
const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'web');
const outDirArg = process.argv.indexOf('--out-dir');
const outDirValue = outDirArg === -1 ? undefined : process.argv[outDirArg + 1];
if (outDirArg !== -1 && (!outDirValue || outDirValue.startsWith('--'))) {
  console.error('build-web: --out-dir needs a folder');
  process.exit(1);
}
// Emptied before the build: never let it be anything but the folder asked for.
const outDir = outDirValue === undefined ? join(webDir, 'dist') : resolve(outDirValue);
const optional = process.argv.includes('--if-possible');

let vite;
try {
  vite = await import('vite');
} catch {
  if (optional) {
    console.log('build-web: Vite is not installed (production install?); the dashboard was not built.');
    process.exit(0);
  }
  console.error('build-web: Vite is not installed; run `npm install` first.');
  process.exit(1);
}

await vite.build({
  configFile: join(webDir, 'vite.config.ts'),
  logLevel: 'warn',
  build: { outDir, emptyOutDir: true },
});

const manifest = JSON.parse(await readFile(join(outDir, '.vite', 'manifest.json'), 'utf8'));
const seen = new Set();
const rows = [];
async function add(key) {
  if (seen.has(key)) return;
  seen.add(key);
  const chunk = manifest[key];
  for (const file of [chunk.file, ...(chunk.css ?? [])]) {
    const bytes = await readFile(join(outDir, file));
    rows.push({ file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  for (const imported of chunk.imports ?? []) await add(imported);
}
await add('index.html');

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
const total = rows.reduce((sum, row) => sum + row.gzip, 0);
console.log('First page (landing) loads:');
for (const row of rows)
  console.log(`  ${row.file.padEnd(40)} ${kb(row.raw).padStart(10)}  gzip ${kb(row.gzip).padStart(9)}`);
console.log(
  `  ${'total'.padEnd(40)} ${''.padStart(10)}  gzip ${kb(total).padStart(9)} (budget ${kb(FIRST_PAGE_BUDGET_BYTES)})`,
);
const lazy = Object.values(manifest).filter((chunk) => chunk.isDynamicEntry);
console.log(`Pages loaded on demand: ${lazy.map((chunk) => chunk.name ?? chunk.file).join(', ')}`);
if (total > FIRST_PAGE_BUDGET_BYTES) {
  console.error(
    `build-web: the first page's JavaScript and CSS are ${kb(total)} gzipped, over the ${kb(FIRST_PAGE_BUDGET_BYTES)} budget.`,
  );
  process.exit(1);
}
