import { existsSync } from 'node:fs';

/** Debian's chromium (CI installs it); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Kept apart from browser.ts (DOM code) so vitest's global setup can ask without the DOM types. */
export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}
