import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const web = join(root, 'web');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The browser suites test the built dashboard, as `gramophone start` serves it. `npm install`
 * builds it; this rebuilds it once per test run when web/ changed since (or it was never built),
 * so a suite never tests stale pages.
 */
export function ensureDashboardBuilt(): void {
  const index = join(web, 'dist', 'index.html');
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(
    newestMtime(join(web, 'src')),
    newestMtime(join(web, 'public')),
    statSync(join(web, 'index.html')).mtimeMs,
  );
  if (builtAt >= sources) return;
  execFileSync(process.execPath, [join(root, 'bin', 'build-web.js')], { cwd: root, stdio: 'inherit' });
}
