/**
 * The dashboard's language in real Chromium against one `gramophone start` on the Discord
 * emulator: chosen in the header it applies at once, survives a reload (cookie), is saved in the
 * user's profile and comes back after logging in on a fresh browser; dates on the audit and
 * account pages are written the way the language writes them. Screenshots of every page visited
 * go to test-results/language/.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_TIMEOUTS, type MusicWorld } from '../e2e/support/music-world.ts';
import { logInThroughEmulator } from './support/browser.ts';
import { BROWSER_TEST_TIMEOUT_MS, browserWorld } from './support/browser-world.ts';

const setup = browserWorld('language', { defaultTimeoutMs: 10_000 });
let world: MusicWorld;
let base: string;
const session = setup.session;
beforeAll(() => {
  ({ world, base } = setup);
});

/** The language saved in the profile, as `GET /api/auth/me` reports it. */
async function profileLocale(page: Page): Promise<string | null> {
  const response = await page.request.get(`${base}/api/auth/me`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { locale: string | null }).locale;
}

/**
 * "Log in with Discord" and back; unlike `logInThroughEmulator` it waits for no English text,
 * since the profile's language may take over as soon as the user is known.
 */
async function logIn(page: Page): Promise<void> {
  await page.goto(base);
  await page.getByRole('link', { name: 'Log in with Discord' }).first().click();
  // A login from the start page lands on the servers list.
  await page.waitForURL(`${base}/servers`);
}

const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);
/** `23.11.2026, 16:37`: German's medium date and short time. */
const GERMAN_DATE_TIME = /^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/;

describe('the dashboard language', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('switches to German in the header, keeps it over a reload, and brings it back from the profile on a fresh browser', async () => {
    const first = await session({ locale: 'en-US' });
    const { page } = first;
    await logInThroughEmulator(page, base);
    // The login lands on the servers list; this test follows the start page.
    await page.goto(base);
    expect(await htmlLang(page)).toBe('en');
    expect(await profileLocale(page)).toBeNull();

    await page.getByTestId('language').selectOption('de');
    await page.getByRole('button', { name: 'Abmelden' }).waitFor();
    await page.getByRole('link', { name: 'Deine Server öffnen' }).waitFor();
    expect(await htmlLang(page)).toBe('de');
    await expect.poll(() => profileLocale(page)).toBe('de');
    await first.screenshot('01-landing-german');

    await page.reload();
    await page.getByRole('link', { name: 'Deine Server öffnen' }).waitFor();
    expect(await page.getByTestId('language').inputValue()).toBe('de');
    const cookies = await first.context.cookies(base);
    expect(cookies.find((cookie) => cookie.name === 'gramophone_locale')?.value).toBe('de');
    await first.screenshot('02-landing-german-reloaded');

    // A settings change made in Discord, then its entry in the German audit log.
    const changed = await world.emulator.control.slashCommand({
      channelId: world.ids.textChannelId,
      userId: world.ids.ownerId,
      command: 'settings',
      subcommandGroup: 'set',
      subcommand: 'default-volume',
      options: { value: 90 },
      ...ANSWER_TIMEOUTS,
    });
    expect(changed.ephemeral).toBe(true);
    await page.goto(`${base}/servers/${world.ids.guildId}/audit`);
    await page.getByRole('heading', { name: 'Protokoll', level: 2 }).waitFor();
    const entry = page.getByTestId('audit-entry').first();
    await entry.waitFor();
    expect(await entry.textContent()).toMatch(/Einstellungen geändert.*Standardlautstärke.*100.*90/);
    const when = entry.locator('time');
    expect(await when.getAttribute('title')).toMatch(GERMAN_DATE_TIME);
    expect(await when.textContent()).toMatch(/^(jetzt|vor \d+ (Sekunden|Sekunde|Minuten|Minute))$/);
    await first.screenshot('03-audit-german');

    await page.getByRole('link', { name: 'Konto' }).click();
    await page.waitForURL(`${base}/account`);
    await page.getByRole('heading', { name: 'Dein Konto' }).waitFor();
    const current = page.locator('[data-testid="session"][data-current]');
    await current.waitFor();
    expect(await current.textContent()).toContain('Dieses Gerät');
    const loggedInAt = await current.locator('dd time').first().textContent();
    expect(loggedInAt).toMatch(GERMAN_DATE_TIME);
    expect(await page.getByLabel('Sprache', { exact: true }).inputValue()).toBe('de');
    await first.screenshot('04-account-german');

    await page.getByRole('button', { name: 'Abmelden' }).first().click();
    await page.getByText('Melde dich an, um deine Server zu verwalten.').waitFor();
    await first.screenshot('05-logged-out-german');

    // A fresh browser (no cookie, English): German comes back with the login, from the profile.
    const second = await session({ locale: 'en-US' });
    await logIn(second.page);
    await second.page.goto(base);
    await second.page.getByRole('link', { name: 'Deine Server öffnen' }).waitFor();
    expect(await htmlLang(second.page)).toBe('de');
    await second.screenshot('06-fresh-browser-german');

    // The account page's picker saves the choice to the profile too, and says so.
    await second.page.goto(`${base}/account`);
    await second.page.getByLabel('Sprache', { exact: true }).selectOption('fr');
    await second.page.getByText('Langue enregistrée dans votre profil.').waitFor();
    await expect.poll(() => profileLocale(second.page)).toBe('fr');
    expect(await htmlLang(second.page)).toBe('fr');
    const frenchDate = await second.page
      .locator('[data-testid="session"][data-current] dd time')
      .first()
      .textContent();
    // `23 nov. 2026, 16:37`: the French medium date.
    expect(frenchDate).toMatch(/^\d{1,2} \S+ \d{4}(,| à) \d{2}:\d{2}$/);
    await second.screenshot('07-account-french');
    expect(second.errors.filter((line) => !line.includes('status of 401'))).toEqual([]);
  });

  it('lists the sessions with this device marked, and revokes another one', async () => {
    const { page, screenshot } = await session({ locale: 'en-US', phone: true });
    await logIn(page);
    // Logged in, in whatever language the profile holds (the test above leaves French there).
    await page.getByRole('button', { name: /^(Log out|Abmelden|Se déconnecter|Cerrar sesión)$/ }).waitFor();
    await page.getByTestId('language').selectOption('en');
    await page.getByRole('link', { name: 'Manage Gramophone Demo' }).waitFor();
    await expect.poll(() => profileLocale(page)).toBe('en');
    const other = await session({ locale: 'en-US' });
    await logInThroughEmulator(other.page, base);
    await other.screenshot('08-second-browser-logged-in');

    await page.goto(`${base}/account`);
    const items = page.getByTestId('session');
    await expect.poll(() => items.count()).toBeGreaterThanOrEqual(2);
    const current = page.locator('[data-testid="session"][data-current]');
    expect(await current.count()).toBe(1);
    expect(await current.getByRole('button', { name: 'Log out' }).count()).toBe(1);
    expect(await current.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot('09-account-sessions-phone');

    const before = await items.count();
    await page
      .locator('[data-testid="session"]:not([data-current])')
      .first()
      .getByRole('button', { name: /^Revoke/ })
      .click();
    await page.getByText('Session revoked.').waitFor();
    await expect.poll(() => items.count()).toBe(before - 1);
    await screenshot('10-account-session-revoked-phone');
  });
});
