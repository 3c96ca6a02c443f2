/**
 * The sandbox page in Chromium against the real program started as a newcomer would
 * (`gramophone start` without DISCORD_TOKEN): pick alice, join voice, `/play gramophone demo`,
 * see the bot's answer and its now-playing embed, press its buttons, and listen — the page's
 * `<audio>` element plays, and the stream it plays carries the demo track's sound.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READY_TIMEOUT_MS, SETUP_TIMEOUT_MS } from '../e2e/support/music-world.ts';
import { eventually } from '../support/eventually.ts';
import { type GramophoneProcess, readyPorts, runGramophone } from '../support/gramophone-process.ts';
import { measureLiveMp3 } from '../support/mp3-loudness.ts';
import { type BrowserSession, launchBrowser, openSession } from './support/browser.ts';
import { patientPolls } from './support/patient-polls.ts';

patientPolls();

let gramophone: GramophoneProcess;
let browser: Browser;
let base = '';
let dataDir = '';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gramophone-sandbox-page-'));
  // Any free ports; the ready line names them.
  const env: Record<string, string> = { DATA_DIR: dataDir, PORT: '0', AUDIO_PORT: '0', SANDBOX_PORT: '0' };
  if (process.env.NODE_EXTRA_CA_CERTS) env.NODE_EXTRA_CA_CERTS = process.env.NODE_EXTRA_CA_CERTS;
  [browser, gramophone] = await Promise.all([launchBrowser(), runGramophone(['start'], env)]);
  const { PORT: port } = await readyPorts(gramophone, READY_TIMEOUT_MS);
  // The login's redirect and cookies are on the default public URL (no PUBLIC_URL), so the
  // browser uses that address.
  base = `http://localhost:${port}`;
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  try {
    if (gramophone) {
      const pids = new Set(gramophone.logs().map((line) => Number(line.pid)));
      gramophone.kill('SIGTERM');
      const exit = await Promise.race([
        gramophone.exited,
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000)),
      ]);
      if (exit === null) gramophone.kill('SIGKILL');
      // The relaunched process follows its parent down; nothing may outlive the suite.
      for (const pid of pids) {
        await eventually(() => expect(alive(pid)).toBe(false), 10_000).catch(() =>
          process.kill(pid, 'SIGKILL'),
        );
      }
      // Open audio streams must not hold the shutdown up.
      expect(exit).toEqual({ code: 0, signal: null });
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);

/**
 * Listens to `seconds` of the live stream (as a second listener) and measures it, decoded by
 * ffmpeg: RMS and peak of the samples, 0…1. It reads until that much has decoded, however long
 * a busy machine takes to deliver it (up to 20 s).
 */
const measureStream = (url: string, seconds: number) => measureLiveMp3(url, { seconds });

/** The page's `<audio>` element as the browser reports it. */
function audioState(page: Page) {
  return page.getByTestId('sandbox-audio').evaluate((element) => {
    const audio = element as HTMLAudioElement;
    return { paused: audio.paused, currentTime: audio.currentTime, error: audio.error?.code ?? null };
  });
}

/**
 * The audio element keeps playing: its clock moves on by more than 0.7 s (waited for, up to 15 s:
 * a busy machine delays the stream, it does not stop it), and it is neither paused nor failed at
 * any reading on the way.
 */
async function expectPlaying(page: Page): Promise<void> {
  const before = await audioState(page);
  const deadline = performance.now() + 15_000;
  for (;;) {
    const now = await audioState(page);
    expect(now).toMatchObject({ paused: false, error: null });
    const moved = now.currentTime - before.currentTime;
    if (moved > 0.7 || performance.now() > deadline) {
      expect(moved, 'seconds the <audio> clock moved on (in up to 15 s)').toBeGreaterThan(0.7);
      return;
    }
    await page.waitForTimeout(100);
  }
}

const unexpectedErrors = (session: BrowserSession) =>
  session.errors.filter(
    (error) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(error),
  );

describe('the sandbox page', () => {
  it('plays alice’s /play in the demo server and lets the browser listen to the bot', async () => {
    const session = await openSession(browser, 'sandbox');
    const { page } = session;

    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'Gramophone', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Try it in the sandbox' }).waitFor();
    await session.screenshot('1-landing');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sandbox' }).click();
    await page.waitForURL(`${base}/sandbox`);
    await page.getByRole('heading', { name: 'Sandbox', level: 1 }).waitFor();
    const user = page.getByLabel('You are');
    await user.selectOption({ label: 'Alice (DJ)' });
    const guildId = await page.evaluate(
      async () => ((await (await fetch('/api/sandbox')).json()) as { guild: { id: string } }).guild.id,
    );
    const audioUrl = `${base}/api/sandbox/voice/${guildId}/audio`;

    // Before anything plays the stream already flows, as silence.
    const quiet = await measureStream(audioUrl, 1);
    expect(quiet.seconds).toBeGreaterThanOrEqual(1);
    expect(quiet.peak).toBeLessThan(0.01);
    await expect
      .poll(() => page.getByTestId('sandbox-bot-audio').textContent())
      .toBe('The bot is not in a voice channel');

    await page.getByRole('button', { name: 'Join Music' }).click();
    await expect
      .poll(() => page.getByTestId('sandbox-voice-members').textContent())
      .toContain('In Music: Alice');
    await page.getByRole('button', { name: 'Leave Music' }).waitFor();

    const command = page.getByLabel('Command or message');
    await command.fill('/play gramophone demo');
    await page.getByText('/play query:<string> [next:<boolean>] [now:<boolean>]').waitFor();
    await command.press('Enter');
    const answer = page
      .getByTestId('sandbox-message')
      .filter({ hasText: 'Alice used /play gramophone demo' });
    await answer.getByText('Now playing', { exact: false }).waitFor({ timeout: 20_000 });
    expect(await answer.locator('strong', { hasText: 'Gramophone Demo' }).count()).toBe(1);
    expect(await command.inputValue()).toBe('');
    // The bot's live now-playing message: an embed with its colour bar and fields, and buttons.
    const nowPlaying = page.locator('.sandbox-embed').filter({ hasText: 'Now playing' }).last();
    await nowPlaying.getByRole('heading', { name: 'Gramophone Demo' }).waitFor();
    await nowPlaying.getByText('Status').waitFor();
    expect(await nowPlaying.evaluate((element) => getComputedStyle(element).borderLeftColor)).not.toBe(
      'rgb(0, 0, 0)',
    );
    const pauseButton = page.getByRole('button', { name: /Pause\/Resume/ }).last();
    await pauseButton.waitFor();
    await expect
      .poll(() => page.getByTestId('sandbox-bot-audio').textContent(), { timeout: 10_000 })
      .toBe('The bot is sending audio');
    expect(await page.getByTestId('sandbox-voice-members').textContent()).toContain('Gramophone (bot)');
    await session.screenshot('2-now-playing');

    // Listening: the element plays, and what it is fed is the demo track, not silence.
    await page.getByRole('button', { name: 'Listen', exact: true }).click();
    await page.getByText('Playing in this browser').waitFor({ timeout: 15_000 });
    await expectPlaying(page);
    const loud = await measureStream(audioUrl, 2);
    expect(loud.seconds).toBeGreaterThanOrEqual(2);
    expect(loud.rms).toBeGreaterThan(0.05);
    expect(loud.peak).toBeGreaterThan(0.2);
    await session.screenshot('3-listening');

    // The embed's button, as alice: the bot pauses, goes quiet, and the element keeps playing silence.
    await pauseButton.click();
    await expect
      .poll(() => page.getByTestId('sandbox-bot-audio').textContent(), { timeout: 10_000 })
      .toBe('The bot is silent');
    await nowPlaying.getByText('Paused').waitFor({ timeout: 10_000 });
    await expectPlaying(page);
    await pauseButton.click();
    await expect
      .poll(() => page.getByTestId('sandbox-bot-audio').textContent(), { timeout: 10_000 })
      .toBe('The bot is sending audio');

    // An ephemeral answer (a subcommand, free text to its name) is alice's alone.
    await command.fill('/playlist create Road trip');
    await command.press('Enter');
    const privateAnswer = page.getByTestId('sandbox-message').filter({ hasText: 'Only you can see this' });
    await privateAnswer.filter({ hasText: 'Road trip' }).waitFor({ timeout: 10_000 });
    // A line the bot has no command for is refused before it is sent.
    await command.fill('/nosuchcommand');
    await command.press('Enter');
    await page.getByRole('alert').getByText('The bot has no command /nosuchcommand.').waitFor();
    await session.screenshot('4-ephemeral');
    await user.selectOption({ label: 'Bob' });
    await answer.waitFor();
    expect(await privateAnswer.count()).toBe(0);

    await page.getByRole('button', { name: 'Stop listening' }).click();
    expect((await audioState(page)).paused).toBe(true);
    expect(unexpectedErrors(session)).toEqual([]);
    await session.context.close();
  }, 120_000);

  it('fits a phone in the dark theme, and still works once logged in to the panel', async () => {
    const session = await openSession(browser, 'sandbox', { phone: true });
    const { page } = session;
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${base}/sandbox`);
    await page.getByLabel('You are').waitFor();
    await page.getByLabel('Command or message').waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await session.screenshot('5-phone-dark');

    // The panel link logs in through the emulator (as the demo owner); writes then carry the CSRF token.
    await page.getByRole('link', { name: 'Log in to the control panel' }).click();
    await page.getByRole('link', { name: 'Open your servers' }).waitFor();
    await page.goto(`${base}/sandbox`);
    await page.getByRole('link', { name: 'Open the control panel' }).waitFor();
    expect(await page.getByLabel('You are').inputValue()).not.toBe('');
    await page.getByRole('button', { name: '#general' }).click();
    const command = page.getByLabel('Command or message');
    await command.fill('hello from a phone');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page
      .getByTestId('sandbox-message')
      .filter({ hasText: 'Demo Owner' })
      .getByText('hello from a phone')
      .waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await session.screenshot('6-phone-logged-in');
    expect(unexpectedErrors(session)).toEqual([]);
    await session.context.close();
  }, 60_000);
});
