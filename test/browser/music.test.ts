/**
 * The music page in Chromium against a real `gramophone start` and the Discord emulator:
 * what Discord plays shows up live, the page queues (search field and a playlist), reorders
 * with the keyboard and the mouse, skips — and the emulator's voice server hears the result.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { QueueSnapshot } from '../../src/music/index.ts';
import { filterPresetNames } from '../../src/music/index.ts';
import {
  ANSWER_TIMEOUTS,
  type MusicWorld,
  SETUP_TIMEOUT_MS,
  startMusicWorld,
  until,
} from '../e2e/support/music-world.ts';
import { type BrowserSession, launchBrowser, logInThroughEmulator, openSession } from './support/browser.ts';
import { patientPolls } from './support/patient-polls.ts';

patientPolls();

let world: MusicWorld;
let base: string;
let browser: Browser;

beforeAll(async () => {
  [world, browser] = await Promise.all([startMusicWorld(), launchBrowser()]);
  ({ base } = await world.startAll());
}, SETUP_TIMEOUT_MS);

afterEach((context) => {
  if (context.task.result?.state === 'fail') console.error(world?.logTail());
});

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

/** The frequency of the last second heard. */
function lastSecondHz(): number {
  const end = world.heardMs();
  return world.heardHz(end - 1200, end - 200);
}

/** The queue as the api has it (the page's cookies go along). */
async function persistedQueue(page: Page): Promise<QueueSnapshot> {
  const response = await page.request.get(`${base}/api/guilds/${world.ids.guildId}/queue`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { snapshot: QueueSnapshot }).snapshot;
}

const queueTitles = (page: Page) =>
  page.getByTestId('queue-item').locator('.music-queue-title').allTextContents();

/** Console errors other than the browser's note of a refused request (those are expected here). */
const unexpectedErrors = (session: BrowserSession) =>
  session.errors.filter(
    (error) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(error),
  );

describe('the music page', () => {
  it('follows Discord live, queues, reorders and skips, and the bot plays what the page says', async () => {
    const { guildId, alice } = world.ids;
    // A playlist alice shares with the server: the owner (logged in below) may queue it.
    const playlist = (subcommand: string, options: Record<string, string | boolean>) =>
      world.emulator.control.slashCommand({
        channelId: world.ids.textChannelId,
        userId: alice,
        command: 'playlist',
        subcommand,
        options,
        ...ANSWER_TIMEOUTS,
      });
    await playlist('create', { name: 'Evening', shared: true });
    await playlist('add', { name: 'Evening', query: world.file('delta-550.ogg') });

    const session = await openSession(browser, 'music');
    const { page } = session;
    await logInThroughEmulator(page, base);
    await page.goto(`${base}/servers/${guildId}/music`);
    const title = page.getByTestId('now-playing-title');
    await page.getByTestId('nothing-playing').getByText('Nothing is playing.').waitFor();
    await expect.poll(() => page.getByTestId('stream-status').textContent()).toBe('Live');
    await page.getByRole('button', { name: 'Queue the playlist “Evening”' }).waitFor();
    expect(await page.getByRole('button', { name: 'Skip' }).isDisabled()).toBe(true);
    const presets = await page
      .getByRole('group', { name: 'Filters' })
      .getByRole('checkbox')
      .evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).value));
    expect(presets).toEqual([...filterPresetNames]);
    await session.screenshot('1-nothing-playing');

    // In Discord: alice joins voice and plays. The page shows it without a reload.
    world.joinVoice(alice);
    await world.slash(alice, 'play', { query: world.file('alpha-440.ogg') });
    await expect.poll(() => title.textContent(), { timeout: 10_000 }).toBe('alpha-440');
    expect(await page.getByRole('button', { name: 'Skip' }).isDisabled()).toBe(false);
    await session.screenshot('2-playing-from-discord');

    // From the page: two tracks through the add form, one from the playlist.
    const field = page.getByLabel('Search words or a URL');
    for (const [file, position] of [
      ['bravo-660.ogg', 1],
      ['charlie-880.ogg', 2],
    ] as const) {
      await field.fill(world.file(file));
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page
        .getByTestId('add-result')
        .getByText(`Added “${file.replace('.ogg', '')}” at position ${position}.`)
        .waitFor();
    }
    expect(await field.inputValue()).toBe('');
    await page.getByRole('button', { name: 'Queue the playlist “Evening”' }).click();
    await expect.poll(() => queueTitles(page)).toEqual(['bravo-660', 'charlie-880', 'delta-550']);
    // Words that match nothing: the refusal is said next to the form.
    await field.fill('no such tune anywhere');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page
      .getByTestId('add-result')
      .getByText(/Not added: .*\(NO_MATCHES\)/)
      .waitFor();
    await session.screenshot('3-queued-from-page');

    // Keyboard reorder: delta's handle, Space to pick up, up one, Space to drop. Each key waits
    // for what dnd-kit tells screen readers (its live region) before the next: the pick-up has
    // measured the rows once it says where delta is over, the step has landed once it says the new place.
    const announced = page.locator('[id^="DndLiveRegion-"]');
    await page.getByRole('button', { name: 'Move “delta-550” (position 3)' }).focus();
    for (const [key, says] of [
      ['Space', '“delta-550” is over position 3.'],
      ['ArrowUp', '“delta-550” is over position 2.'],
      ['Space', '“delta-550” dropped at position 2.'],
    ] as const) {
      await page.keyboard.press(key);
      await expect.poll(() => announced.textContent()).toBe(says);
    }
    await expect.poll(() => queueTitles(page)).toEqual(['bravo-660', 'delta-550', 'charlie-880']);
    await until(async () =>
      expect((await persistedQueue(page)).upcoming.map((t) => t.info.title)).toEqual([
        'bravo-660',
        'delta-550',
        'charlie-880',
      ]),
    );

    // Mouse reorder: charlie dragged by its handle above delta.
    const handle = page.getByRole('button', { name: 'Move “charlie-880” (position 3)' });
    const target = page.getByRole('button', { name: 'Move “delta-550” (position 2)' });
    const from = await handle.boundingBox();
    const to = await target.boundingBox();
    if (!from || !to) throw new Error('the queue rows are not laid out');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, to.y + to.height / 2 - 6, { steps: 12 });
    await page.mouse.up();
    await expect.poll(() => queueTitles(page)).toEqual(['bravo-660', 'charlie-880', 'delta-550']);
    await until(async () =>
      expect((await persistedQueue(page)).upcoming.map((t) => t.info.title)).toEqual([
        'bravo-660',
        'charlie-880',
        'delta-550',
      ]),
    );
    await session.screenshot('4-reordered');

    // Skip from the page: the bot plays bravo (660 Hz) and the page shows it, moving on.
    await world.voice.waitForPackets(guildId, 50, 15_000);
    await page.getByRole('button', { name: 'Skip' }).click();
    await expect.poll(() => title.textContent()).toBe('bravo-660');
    await until(() => expect(Math.abs(lastSecondHz() - 660)).toBeLessThan(10));
    const progress = page.getByRole('progressbar', { name: 'Track progress' });
    expect(await progress.getAttribute('aria-valuemax')).toBe('40');
    const before = Number(await progress.getAttribute('aria-valuenow'));
    await until(async () =>
      expect(Number(await progress.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(before + 2),
    );
    expect(await progress.getAttribute('aria-valuetext')).toMatch(/^0:\d\d of 0:40$/);
    await page.getByTestId('history').getByText('alpha-440').waitFor();
    expect(await queueTitles(page)).toEqual(['charlie-880', 'delta-550']);
    await session.screenshot('5-skipped-to-bravo');

    // A click halfway along the bar seeks there: on the Seek slider laid over it. The locator's
    // click scrolls it into view and checks nothing covers it (the sticky header can, once the
    // page has scrolled: a raw mouse click at the bar's old coordinates then missed it).
    const bar = await progress.boundingBox();
    if (!bar) throw new Error('the progress bar is not laid out');
    await page
      .getByRole('slider', { name: 'Seek' })
      .click({ position: { x: bar.width / 2, y: bar.height / 2 } });
    await until(async () => expect((await persistedQueue(page)).positionMs).toBeGreaterThanOrEqual(18_000));
    expect(Number(await progress.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(18);

    // Pause: the page says so and the bot has it.
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    expect((await persistedQueue(page)).paused).toBe(true);

    // Remove one track, then clear the rest after the confirmation.
    await page.getByRole('button', { name: 'Remove “delta-550”' }).click();
    await expect.poll(() => queueTitles(page)).toEqual(['charlie-880']);
    await page.getByRole('button', { name: 'Clear the queue', exact: true }).click();
    await page.getByRole('alertdialog').getByText('Remove all 1 upcoming tracks?').waitFor();
    await page.getByRole('button', { name: 'Yes, clear' }).click();
    await page.getByTestId('queue').getByText('The queue is empty.').waitFor();
    expect((await persistedQueue(page)).upcoming).toEqual([]);

    // History: alpha-440 again, from its "Play again".
    await page.getByRole('button', { name: 'Play again: “alpha-440”' }).click();
    await expect.poll(() => queueTitles(page)).toEqual(['alpha-440']);
    await page.getByText('Added “alpha-440” at position 1.').waitFor();

    // Disconnected, the owner (not in a voice channel) can't call the bot back: the toast says why.
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByRole('button', { name: 'Join my voice channel' }).click();
    await page.getByText(/That did not work: .*\(NOT_IN_VOICE\)/).waitFor();
    await session.screenshot('6-refused-toast');

    // At phone width in the dark theme: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await session.screenshot('7-phone-dark');

    expect(unexpectedErrors(session)).toEqual([]);
    await session.context.close();
  }, 90_000);
});
