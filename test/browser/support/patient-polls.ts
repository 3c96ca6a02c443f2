import { vi } from 'vitest';

/**
 * How long an `expect.poll` of a browser suite waits by default. Vitest's own default (1 s) is a
 * wall-clock race against a page fed by another process over an event stream; on a busy machine
 * that process, the browser and React can each be half a second late.
 */
export const POLL_TIMEOUT_MS = 10_000;

/**
 * Makes every `expect.poll` of the calling test file wait up to POLL_TIMEOUT_MS unless it says
 * otherwise. Call it at the top level of the file (`browserWorld` does): vitest applies the
 * setting to that file's tests and resets it after the file.
 */
export function patientPolls(timeoutMs = POLL_TIMEOUT_MS): void {
  // setConfig replaces `expect` whole: keep its other settings (requireAssertions…) as configured.
  const configured =
    (globalThis as { __vitest_worker__?: { config?: { expect?: object } } }).__vitest_worker__?.config
      ?.expect ?? {};
  vi.setConfig({ expect: { ...configured, poll: { timeout: timeoutMs, interval: 50 } } });
}
