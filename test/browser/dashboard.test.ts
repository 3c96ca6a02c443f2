import { beforeAll, describe, expect, it } from 'vitest';
import type { MusicWorld } from '../e2e/support/music-world.ts';
import { logInThroughEmulator } from './support/browser.ts';
import { BROWSER_TEST_TIMEOUT_MS, browserWorld } from './support/browser-world.ts';

const setup = browserWorld('dashboard');
let world: MusicWorld;
let base: string;
const session = setup.session;
beforeAll(() => {
  ({ world, base } = setup);
});

describe('the dashboard', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('shows the landing page, logs in through Discord and lists the servers to manage', async () => {
    const { page, screenshot, errors } = await session();
    const response = await page.goto(base);
    expect(response?.status()).toBe(200);
    await expect
      .poll(() => page.getByRole('heading', { level: 1, name: 'Gramophone' }).isVisible())
      .toBe(true);
    await page.getByRole('link', { name: 'Log in with Discord' }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Add the bot to a server' }).getAttribute('href')).toContain(
      'scope=bot+applications.commands',
    );
    await screenshot('01-landing');

    // A login from the start page lands on the servers list.
    await logInThroughEmulator(page, base);
    await page.waitForURL(`${base}/servers`);
    const manage = page.getByRole('link', { name: 'Manage Gramophone Demo' });
    await manage.waitFor();
    await screenshot('03-servers');
    await manage.click();
    await page.waitForURL(`${base}/servers/${world.ids.guildId}`);
    await page.getByTestId('stat-plays').waitFor();
    await expect.poll(() => page.getByTestId('stream-status').textContent()).toBe('Live');
    await screenshot('04-overview');
    // Before the login, `GET /api/auth/me` answers 401 (the page then offers the login); nothing else may fail.
    expect(errors.filter((line) => !line.includes('status of 401'))).toEqual([]);
  });

  it('follows the stream: a play started in Discord appears, and its figures arrive when it ends', async () => {
    const { page, screenshot } = await session();
    await logInThroughEmulator(page, base);
    await page.goto(`${base}/servers/${world.ids.guildId}?range=1d`);
    const plays = page.getByTestId('stat-plays');
    await plays.waitFor();
    const before = Number(await plays.textContent());
    await expect.poll(() => page.getByTestId('stream-status').textContent()).toBe('Live');

    world.joinVoice(world.ids.alice);
    const answer = await world.slash(world.ids.alice, 'play', { query: world.file('short-330.ogg') });
    expect(answer.content).toMatch(/short-330/);
    const nowPlaying = page.getByTestId('overview-now-playing');
    await expect.poll(() => nowPlaying.textContent(), { timeout: 10_000 }).toContain('short-330');
    await screenshot('05-overview-playing');
    // The 3 s track ends; the play is recorded and the figures refresh (no reload).
    await expect.poll(() => plays.textContent(), { timeout: 20_000 }).toBe(String(before + 1));
    await expect.poll(() => page.getByTestId('top-tracks').textContent()).toContain('short-330');
    await screenshot('06-overview-after-play');
  });

  it('says when data fails to load and offers a retry that recovers', async () => {
    const { page, screenshot } = await session();
    await logInThroughEmulator(page, base);
    let failing = true;
    await page.route('**/api/guilds/*/analytics?*', (route) =>
      failing
        ? route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({
              error: 'GATEWAY_UNAVAILABLE',
              message: 'No gateway answered.',
              requestId: 'x',
            }),
          })
        : route.continue(),
    );
    await page.goto(`${base}/servers/${world.ids.guildId}`);
    const failure = page.getByTestId('load-error');
    await failure.waitFor({ timeout: 15_000 });
    expect(await failure.textContent()).toContain('GATEWAY_UNAVAILABLE');
    await screenshot('07-overview-load-failed');
    failing = false;
    await failure.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('stat-plays').waitFor();
    expect(await page.getByTestId('load-error').count()).toBe(0);
  });

  it('fits a phone screen, in the dark theme too, and starts keyboard users at the skip link', async () => {
    const { page, screenshot } = await session({ phone: true });
    await logInThroughEmulator(page, base);
    await page.goto(`${base}/servers/${world.ids.guildId}`);
    await page.getByTestId('stat-plays').waitFor();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot('08-overview-phone');

    await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(16, 18, 24)');
    await screenshot('09-overview-phone-dark');
    await page.reload();
    await page.getByTestId('stat-plays').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
  });
});
