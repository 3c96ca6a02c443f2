/**
 * The lyrics panel in Chromium against a real `gramophone start`, the Discord emulator and the
 * LRCLIB emulator (test/e2e/support/music-world.ts): synced lines follow the track, the sung one
 * marked for assistive technology, and a seek moves the mark.
 */
import { describe, expect, it } from 'vitest';
import { logInThroughEmulator } from './support/browser.ts';
import { BROWSER_TEST_TIMEOUT_MS, browserWorld } from './support/browser-world.ts';

const setup = browserWorld('lyrics');

describe('the lyrics panel', () => {
  it(
    'shows the synced lines of what plays and marks the one being sung as the track moves',
    async () => {
      const { world, base } = setup;
      const { guildId, alice } = world.ids;
      const session = await setup.session();
      const { page } = session;
      await logInThroughEmulator(page, base);
      await page.goto(`${base}/servers/${guildId}/music`);
      const panel = page.getByTestId('lyrics');
      await panel.getByText('Lyrics show here while a track plays.').waitFor();

      world.joinVoice(alice);
      await world.slash(alice, 'play', { query: world.file('bravo-660.ogg') });
      const lines = panel.getByTestId('lyrics-lines');
      await expect
        .poll(() => lines.getByRole('listitem').allTextContents())
        .toEqual(['Six hundred and sixty', 'A steady tone']);
      // Not a live region: a screen reader is not interrupted at every line.
      expect(await lines.getAttribute('aria-live')).toBe('off');
      const sung = () => lines.locator('[aria-current="true"]').textContent();
      await expect.poll(sung).toBe('Six hundred and sixty');
      await panel.getByText('Lyrics from LRCLIB · following the track').waitFor();
      await session.screenshot('1-synced');

      await world.slash(alice, 'seek', { time: '0:21' });
      await expect.poll(sung).toBe('A steady tone');
      await session.screenshot('2-after-seek');

      // A track LRCLIB does not know says so in the card.
      await world.slash(alice, 'play', { query: world.file('charlie-880.ogg'), now: true });
      await panel.getByText('No lyrics found for this track.').waitFor();
    },
    BROWSER_TEST_TIMEOUT_MS,
  );
});
