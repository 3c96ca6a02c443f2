import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type MusicWorld, SETUP_TIMEOUT_MS, startMusicWorld } from '../../e2e/support/music-world.ts';
import { type BrowserSession, launchBrowser, openSession } from './browser.ts';
import { patientPolls } from './patient-polls.ts';

/**
 * A browser test's own timeout (vitest's default is 30 s): a dozen page steps, each waiting up to
 * 10 s on a busy machine, can outlast that without anything being wrong.
 */
export const BROWSER_TEST_TIMEOUT_MS = 60_000;

/** What a browser suite works with; `world` and `base` are set once its `beforeAll` ran. */
export interface BrowserWorld {
  world: MusicWorld;
  /** The dashboard's address (`gramophone start`'s api). */
  base: string;
  /** A fresh browser profile with one page; closed with the suite. */
  session(options?: Parameters<typeof openSession>[2]): Promise<BrowserSession>;
}

/**
 * Registers a browser suite's hooks: the emulator world with one `gramophone start` (the panel's
 * login pointed at the emulator) and Chromium, started together; the program's last log lines
 * printed when a test fails; everything closed at the end. Screenshots go to
 * test-results/<suite>/. Each page waits at most `defaultTimeoutMs`, so a test fails on the step
 * that waited rather than on its own timeout. Its `expect.poll`s wait up to 10 s (`patientPolls`).
 */
export function browserWorld(suite: string, options: { defaultTimeoutMs?: number } = {}): BrowserWorld {
  patientPolls();
  let browser: Browser | undefined;
  const sessions: BrowserSession[] = [];
  const setup: BrowserWorld = {
    world: undefined as unknown as MusicWorld,
    base: '',
    async session(sessionOptions = {}) {
      if (!browser) throw new Error('browserWorld: session() before the suite started');
      const opened = await openSession(browser, suite, sessionOptions);
      sessions.push(opened);
      if (options.defaultTimeoutMs) opened.page.setDefaultTimeout(options.defaultTimeoutMs);
      return opened;
    },
  };
  beforeAll(async () => {
    [setup.world, browser] = await Promise.all([startMusicWorld(), launchBrowser()]);
    // A file's pages and its set-up requests come from one address within a minute or two:
    // production's 300 a minute would be a test of the file's speed, not of the page.
    ({ base: setup.base } = await setup.world.startAll({ API_RATE_LIMITS: '20,3000,12000' }));
  }, SETUP_TIMEOUT_MS);
  afterEach((context) => {
    if (context.task.result?.state === 'fail') console.error(setup.world?.logTail());
  });
  afterAll(async () => {
    for (const opened of sessions) await opened.context.close().catch(() => {});
    await browser?.close();
    await setup.world?.close();
  });
  return setup;
}
