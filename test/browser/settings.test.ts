/**
 * The settings and audit pages in real Chromium against one `gramophone start` on the Discord
 * emulator: a setting changed and saved in the form changes what the bot allows in Discord and
 * leaves an audit entry; invalid values are caught as typed and refusals from the server land
 * next to their fields; leaving with unsaved changes asks first; changes made in Discord reach an
 * open form. Every page visited is saved as a screenshot under test-results/settings/.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_TIMEOUTS, type MusicWorld, until } from '../e2e/support/music-world.ts';
import { logInThroughEmulator } from './support/browser.ts';
import { BROWSER_TEST_TIMEOUT_MS, browserWorld } from './support/browser-world.ts';

const setup = browserWorld('settings', { defaultTimeoutMs: 10_000 });
let world: MusicWorld;
let base: string;
const session = setup.session;
beforeAll(() => {
  ({ world, base } = setup);
});

const settingsUrl = () => `${base}/servers/${world.ids.guildId}/settings`;

/** The server's settings as the api has them (the page's cookies go along). */
async function serverSettings(page: Page): Promise<Record<string, unknown>> {
  const response = await page.request.get(`${base}/api/guilds/${world.ids.guildId}/settings`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { settings: Record<string, unknown> }).settings;
}

async function openSettings(page: Page) {
  await page.goto(settingsUrl());
  await page.getByLabel('Default volume').waitFor();
  // The form follows the event stream from here on.
  await expect.poll(() => page.getByTestId('stream-status').textContent()).toBe('Live');
}

/** `/settings set <name>` in Discord, as the owner. */
const setInDiscord = (name: string, options: Record<string, string | number | boolean>) =>
  world.emulator.control.slashCommand({
    channelId: world.ids.textChannelId,
    userId: world.ids.ownerId,
    command: 'settings',
    subcommandGroup: 'set',
    subcommand: name,
    options,
    ...ANSWER_TIMEOUTS,
  });

describe('the settings page', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('saves a DJ role chosen in the form: a toast names it, the audit log shows it, and the bot refuses a non-DJ', async () => {
    const { page, screenshot, errors } = await session();
    await logInThroughEmulator(page, base);
    await screenshot('00-logged-in');

    // Music plays; with no DJ role yet, bob may shuffle like anyone.
    world.joinVoice(world.ids.alice);
    world.joinVoice(world.ids.bob);
    expect(
      (await world.slash(world.ids.alice, 'play', { query: world.file('alpha-440.ogg') })).content,
    ).toMatch(/alpha-440/);
    await world.slash(world.ids.alice, 'play', { query: world.file('bravo-660.ogg') });
    await world.slash(world.ids.alice, 'play', { query: world.file('charlie-880.ogg') });
    const before = await world.slash(world.ids.bob, 'shuffle');
    expect(before.ephemeral, before.content).toBe(false);

    // To the settings tab from the overview, with the server's event stream already live: its
    // 'ready' (sent on connecting) refetches everything of the server, and landing while the
    // settings page loads it would fetch twice what is counted here.
    await page.goto(`${base}/servers/${world.ids.guildId}`);
    await page.getByTestId('stat-plays').waitFor();
    await expect.poll(() => page.getByTestId('stream-status').textContent()).toBe('Live');
    const fetched: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      const part = path.match(/^\/api\/guilds\/\d+\/(roles|channels|settings|settings\/schema)$/)?.[1];
      if (part) fetched.push(part);
    });
    await page
      .getByRole('navigation', { name: 'Gramophone Demo' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await page.waitForURL(settingsUrl());
    await page.getByLabel('Default volume').waitFor();
    const djRole = page.getByLabel('DJ role');
    expect(await djRole.inputValue()).toBe('');
    await djRole.locator('option', { hasText: 'DJ' }).waitFor({ state: 'attached' });
    await page
      .getByLabel('Now-playing channel')
      .locator('option', { hasText: '#music' })
      .waitFor({ state: 'attached' });
    // One request each for the roles and the channels, however many pickers use them.
    expect(fetched.sort()).toEqual(['channels', 'roles', 'settings', 'settings/schema']);
    await screenshot('01-settings');
    await djRole.selectOption({ label: 'DJ' });
    await expect.poll(() => page.getByTestId('settings-status').textContent()).toBe('1 unsaved change');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved: DJ role').waitFor();
    await expect.poll(() => page.getByTestId('settings-status').textContent()).toBe('No unsaved changes');
    await screenshot('02-settings-saved');
    expect((await serverSettings(page)).djRoleId).toBe(world.ids.djRoleId);

    // In Discord, bob (no DJ role) is now refused what only DJs may do; alice (DJ) is not.
    const stop = await world.slash(world.ids.bob, 'stop');
    expect(stop.ephemeral).toBe(true);
    expect(stop.content).toMatch(/Only DJs can do that/);
    const shuffle = await world.slash(world.ids.bob, 'shuffle');
    expect(shuffle.content).toMatch(/Only DJs can do that/);
    expect((await world.slash(world.ids.alice, 'shuffle')).ephemeral).toBe(false);

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(`${base}/servers/${world.ids.guildId}/audit`);
    const entry = page.getByTestId('audit-entry').first();
    await entry.waitFor();
    expect(await entry.textContent()).toMatch(/Demo Owner.*Changed settings.*Settings.*DJ role.*none.*@DJ/);
    expect(await entry.locator('time').getAttribute('title')).toMatch(/\d{4}/);
    await screenshot('03-audit');

    // Filtering by an action nobody took leaves nothing; the filter lives in the URL.
    await page.getByLabel('Action').selectOption({ label: 'Skipped a track' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'music.skip');
    await page.getByTestId('audit-empty').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await entry.waitFor();
    await page.getByRole('button', { name: 'Only Demo Owner' }).first().click();
    await page.waitForURL((url) => url.searchParams.get('actor') === world.ids.ownerId);
    await entry.waitFor();
    await screenshot('04-audit-filtered');
    expect(errors.filter((line) => !line.includes('status of 401'))).toEqual([]);
  });

  it('checks values as they are typed, keeps them when saving is refused, and shows the server’s refusal by its field', async () => {
    const { page, screenshot } = await session();
    await logInThroughEmulator(page, base);
    // A role that exists when the page loads its roles, and is deleted before the save.
    const temporary = world.emulator.control.createRole({
      guildId: world.ids.guildId,
      name: 'Temporary',
    }) as {
      id: string;
    };
    await openSettings(page);
    const volume = page.getByLabel('Default volume');
    const original = await serverSettings(page);
    const volumeBefore = original.defaultVolume;

    await volume.fill('500');
    await page.getByText('Must be at most 200.').waitFor();
    expect(await volume.getAttribute('aria-invalid')).toBe('true');
    await volume.fill('12.5');
    await page.getByText('Enter a whole number.').waitFor();
    await page.getByRole('button', { name: 'Save changes' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Fix these fields first:' });
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Default volume');
    expect(await volume.inputValue()).toBe('12.5');
    await screenshot('05-settings-invalid');
    expect((await serverSettings(page)).defaultVolume).toBe(volumeBefore);

    // Valid as far as the page can tell; the server finds the role gone and refuses the lot.
    await volume.fill('150');
    expect(await volume.getAttribute('aria-invalid')).toBeNull();
    await page.getByLabel('DJ role').selectOption({ label: 'Temporary' });
    world.emulator.control.deleteRole({ guildId: world.ids.guildId, roleId: temporary.id });
    await until(async () => {
      const roles = await page.request.get(`${base}/api/guilds/${world.ids.guildId}/roles`);
      expect(JSON.stringify(await roles.json())).not.toContain(temporary.id);
    });
    await page.getByRole('button', { name: 'Save changes' }).click();
    const refused = page
      .getByRole('alert')
      .filter({ hasText: 'Nothing was saved: the server refused these values.' });
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/DJ role.*no such role in this server/);
    expect(await page.getByTestId('field-djRoleId').textContent()).toContain('no such role in this server');
    expect(await volume.inputValue()).toBe('150');
    expect(await page.getByLabel('DJ role').inputValue()).toBe(temporary.id);
    await screenshot('06-settings-refused');
    expect((await serverSettings(page)).defaultVolume).toBe(volumeBefore);

    await page.getByRole('button', { name: 'Reset' }).click();
    expect(await volume.inputValue()).toBe(String(volumeBefore));
    expect(await page.getByLabel('DJ role').inputValue()).toBe(original.djRoleId ?? '');
    await expect.poll(() => page.getByTestId('settings-status').textContent()).toBe('No unsaved changes');
  });

  it('asks before leaving with unsaved changes, in the app and when the page is unloaded', async () => {
    const { page, screenshot } = await session();
    await logInThroughEmulator(page, base);
    await openSettings(page);
    const queue = page.getByLabel('Longest queue');
    await queue.fill('42');

    await page.getByRole('link', { name: 'Audit log' }).click();
    const dialog = page.getByRole('dialog', { name: 'Leave without saving?' });
    await dialog.waitFor();
    await screenshot('07-settings-leave-dialog');
    await dialog.getByRole('button', { name: 'Stay on this page' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(page.url()).toBe(settingsUrl());
    expect(await queue.inputValue()).toBe('42');

    // Reloading asks the browser's own question (beforeunload).
    const asked = new Promise<string>((resolve) => {
      page.once('dialog', (question) => {
        resolve(question.type());
        void question.dismiss();
      });
    });
    void page.reload({ timeout: 5_000 }).catch(() => {});
    expect(await asked).toBe('beforeunload');
    expect(await queue.inputValue()).toBe('42');

    await page.getByRole('link', { name: 'Audit log' }).click();
    await dialog.getByRole('button', { name: 'Leave without saving' }).click();
    await page.waitForURL(`${base}/servers/${world.ids.guildId}/audit`);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await screenshot('08-audit-after-leaving');
    expect((await serverSettings(page)).maxQueueLength).not.toBe(42);
  });

  it('shows a change made in Discord in a clean form, and says so without losing the edits in a dirty one', async () => {
    const { page, screenshot } = await session({ phone: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await logInThroughEmulator(page, base);
    await openSettings(page);
    const volume = page.getByLabel('Default volume');

    expect((await setInDiscord('default-volume', { value: 120 })).ephemeral).toBe(true);
    await expect.poll(() => volume.inputValue()).toBe('120');
    await page.getByText('Settings updated elsewhere: Default volume.').waitFor();
    await expect
      .poll(() => page.getByTestId('settings-status').textContent())
      .toContain('No unsaved changes');

    const queue = page.getByLabel('Longest queue');
    await queue.fill('77');
    expect((await setInDiscord('default-volume', { value: 130 })).ephemeral).toBe(true);
    const notice = page.getByTestId('changed-elsewhere');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Default volume');
    await expect.poll(() => volume.inputValue()).toBe('130');
    expect(await queue.inputValue()).toBe('77');
    // Phone width, dark theme: nothing sticks out sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await screenshot('09-settings-changed-elsewhere-phone-dark');

    // Saving sends only the field edited here: Discord's volume stays.
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved: Longest queue').waitFor();
    expect(await serverSettings(page)).toMatchObject({ defaultVolume: 130, maxQueueLength: 77 });
    await page.goto(`${base}/servers/${world.ids.guildId}/audit`);
    await page.getByTestId('audit-entry').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot('10-audit-phone-dark');
  });
  it('pages the audit log with “Load more” and shows a new entry without a reload', async () => {
    const { page, screenshot } = await session();
    await logInThroughEmulator(page, base);
    const me = await page.request.get(`${base}/api/auth/me`);
    const { csrfToken } = (await me.json()) as { csrfToken: string };
    // 30 more entries: more than one page of 25.
    for (let i = 1; i <= 30; i++) {
      const response = await page.request.patch(`${base}/api/guilds/${world.ids.guildId}/settings`, {
        headers: { 'x-csrf-token': csrfToken },
        data: { maxTrackLengthSeconds: i },
      });
      expect(response.status()).toBe(200);
    }
    await page.goto(`${base}/servers/${world.ids.guildId}/audit?action=settings.update`);
    const entries = page.getByTestId('audit-entry');
    await expect.poll(() => entries.count()).toBe(25);
    expect(await page.getByLabel('Action').inputValue()).toBe('settings.update');
    expect(await entries.first().textContent()).toMatch(/Longest track \(seconds\).*29.*30/);
    const total = await page.request.get(`${base}/api/guilds/${world.ids.guildId}/audit?limit=100`);
    const count = ((await total.json()) as { entries: unknown[] }).entries.length;
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => entries.count()).toBe(count);
    await page.getByRole('button', { name: 'Load more' }).waitFor({ state: 'detached' });
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'that is all of them' }).count())
      .toBe(1);
    await screenshot('11-audit-all-pages');

    await expect.poll(() => page.getByTestId('stream-status').textContent()).toBe('Live');
    expect((await setInDiscord('vote-skip-ratio', { value: 0.75 })).ephemeral).toBe(true);
    await expect.poll(() => entries.first().textContent()).toMatch(/Votes needed to skip.*0\.5.*0\.75/);
    await screenshot('12-audit-live-entry');
  });
});
