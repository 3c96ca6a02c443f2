/**
 * The sandbox page across a restart of the program (`gramophone start` without DISCORD_TOKEN,
 * stopped and started again on the same ports and DATA_DIR), in Chromium: alice switched to
 * German hears the bot in German; while the server is away the page says so and claims nothing
 * about the bot's audio; once it is back, the page is current again and the Listen stream
 * reconnects by itself to the restored player, without a click.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READY_TIMEOUT_MS, SETUP_TIMEOUT_MS } from '../e2e/support/music-world.ts';
import { eventually } from '../support/eventually.ts';
import { type GramophoneProcess, readyPorts, runGramophone } from '../support/gramophone-process.ts';
import { launchBrowser, openSession } from './support/browser.ts';
import { patientPolls } from './support/patient-polls.ts';

patientPolls();

let browser: Browser;
let dataDir = '';
const processes: GramophoneProcess[] = [];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops a sandboxed program and waits until its relaunched child is gone too. */
async function stop(gramophone: GramophoneProcess, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  const pids = new Set(gramophone.logs().map((line) => Number(line.pid)));
  if (gramophone.child.exitCode === null && gramophone.child.signalCode === null) gramophone.kill(signal);
  await gramophone.exited;
  for (const pid of pids) {
    if (!Number.isInteger(pid) || pid <= 0) continue;
    await eventually(() => expect(alive(pid)).toBe(false), 15_000).catch(() => process.kill(pid, 'SIGKILL'));
  }
}

async function start(env: Record<string, string>): Promise<{ port: number; sandboxPort: number }> {
  const all: Record<string, string> = { DATA_DIR: dataDir, AUDIO_PORT: '0', ...env };
  if (process.env.NODE_EXTRA_CA_CERTS) all.NODE_EXTRA_CA_CERTS = process.env.NODE_EXTRA_CA_CERTS;
  const gramophone = runGramophone(['start'], all);
  processes.push(gramophone);
  const ports = await readyPorts(gramophone, READY_TIMEOUT_MS);
  return { port: Number(ports.PORT), sandboxPort: Number(ports.SANDBOX_PORT) };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gramophone-sandbox-restart-page-'));
  browser = await launchBrowser();
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  for (const gramophone of processes) await stop(gramophone, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/** The `<audio>` element's clock moves on (it plays), read twice a bit apart. */
async function audioClockMoves(page: Page): Promise<boolean> {
  const read = () =>
    page.getByTestId('sandbox-audio').evaluate((element) => {
      const audio = element as HTMLAudioElement;
      return { paused: audio.paused, time: audio.currentTime };
    });
  const before = await read();
  await page.waitForTimeout(1_000);
  const after = await read();
  return !after.paused && after.time - before.time > 0.5;
}

describe('the sandbox page across a restart', () => {
  it(
    'speaks the user’s language, says when the server is away, and listens again by itself',
    async () => {
      const first = await start({ PORT: '0', SANDBOX_PORT: '0' });
      const base = `http://localhost:${first.port}`;
      const session = await openSession(browser, 'sandbox-restart');
      const { page } = session;
      await page.goto(`${base}/sandbox`);
      await page.getByRole('heading', { name: 'Sandbox', level: 1 }).waitFor();
      await page.getByLabel('You are').selectOption({ label: 'Alice (DJ)' });
      await page.getByTestId('sandbox-locale').selectOption({ label: 'Deutsch' });
      await expect.poll(() => page.getByTestId('sandbox-locale').inputValue()).toBe('de');
      await page.getByRole('button', { name: 'Join Music' }).click();
      await page.getByRole('button', { name: 'Leave Music' }).waitFor();

      const command = page.getByLabel('Command or message');
      await command.fill('/play gramophone demo');
      await command.press('Enter');
      // The bot answers alice in her client language.
      await page
        .getByTestId('sandbox-message')
        .filter({ hasText: 'Jetzt läuft' })
        .first()
        .waitFor({ timeout: 20_000 });
      // A choice by its value; the track repeats, so it still plays after the restart.
      await command.fill('/loop mode:track');
      await command.press('Enter');
      await expect.poll(() => command.inputValue(), { timeout: 15_000 }).toBe('');
      await expect
        .poll(() => page.getByTestId('sandbox-bot-audio').textContent(), { timeout: 10_000 })
        .toBe('The bot is sending audio');
      await page.getByRole('button', { name: 'Listen', exact: true }).click();
      await page.getByText('Playing in this browser').waitFor({ timeout: 15_000 });

      await stop(processes[0] as GramophoneProcess);
      // Away: said so, and nothing claimed about the bot's audio.
      await page.getByTestId('sandbox-offline').waitFor({ timeout: 20_000 });
      await expect
        .poll(() => page.getByTestId('sandbox-bot-audio').textContent())
        .toBe('Unknown while the server does not answer');
      // What may still sound is the browser's buffer, not the bot.
      await page.getByText('The stream stopped; reconnecting…').waitFor({ timeout: 20_000 });
      expect(await page.getByText('Playing in this browser').count()).toBe(0);
      await session.screenshot('1-server-away');

      await start({ PORT: String(first.port), SANDBOX_PORT: String(first.sandboxPort) });
      await page.getByTestId('sandbox-offline').waitFor({ state: 'detached', timeout: 30_000 });
      // The restored player, heard again without touching Listen.
      await expect
        .poll(() => page.getByTestId('sandbox-bot-audio').textContent(), { timeout: 30_000 })
        .toBe('The bot is sending audio');
      await page.getByText('Playing in this browser').waitFor({ timeout: 30_000 });
      await expect.poll(() => audioClockMoves(page), { timeout: 20_000 }).toBe(true);
      expect(await page.getByTestId('sandbox-locale').inputValue()).toBe('de');
      await session.screenshot('2-back');
    },
    2 * READY_TIMEOUT_MS + 120_000,
  );
});
