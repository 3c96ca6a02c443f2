import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const web = join(root, 'web');
const dist = join(web, 'dist');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path, base) : [relative(base, path)];
  });
}

/**
 * The browser suites test the built dashboard, as `gramophone start` serves it. `npm install`
 * builds it; this rebuilds it once per test run when web/ or src/ changed since (or it was never built),
 * so a suite never tests stale pages.
 *
 * Other test runs may be serving web/dist at the same moment (another checkout's suite, a second
 * `vitest run`), so it is never emptied in place: the build goes to a folder of its own beside it,
 * and its files are then renamed into web/dist one by one (each rename atomic), index.html last.
 * A server reading web/dist meanwhile sees the old build or the new one, never none; files only
 * the old build had stay, so a page already loaded from it still finds its lazy chunks. Two runs
 * rebuilding at once each move in the same files.
 */
export function ensureDashboardBuilt(): void {
  const index = join(dist, 'index.html');
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(
    newestMtime(join(web, 'src')),
    newestMtime(join(web, 'public')),
    // The bundle also takes the server's browser-clean contracts (src/*/contract.ts and the
    // zod-free values beside them): any change under src/ may be one of those.
    newestMtime(join(root, 'src')),
    statSync(join(web, 'index.html')).mtimeMs,
  );
  if (builtAt >= sources) return;
  // Beside web/dist, on the same file system, so the renames below are atomic.
  const staging = join(web, `.dist-build-${process.pid}-${randomUUID().slice(0, 8)}`);
  try {
    execFileSync(process.execPath, [join(root, 'bin', 'build-web.js'), '--out-dir', staging], {
      cwd: root,
      stdio: 'inherit',
      // vitest sets NODE_ENV=test, which would ship development React: test what users get.
      env: { ...process.env, NODE_ENV: 'production' },
    });
    const files = filesUnder(staging).sort((a, b) => Number(a === 'index.html') - Number(b === 'index.html'));
    for (const file of files) {
      mkdirSync(dirname(join(dist, file)), { recursive: true });
      renameSync(join(staging, file), join(dist, file));
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
