/**
 * The panel does what the commands do (#14 item 9), in Chromium against a real `gramophone
 * start` and the Discord emulator: with nobody in voice the owner summons the bot to a channel
 * picked on the music page, starts playback there, brings it back after "Disconnect", edits a
 * shared playlist (rename, keyboard reorder, remove a track) and finds the page's skip in the
 * audit log under their name — through the log's filters, which offer names.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { QueueSnapshot } from '../../src/music/index.ts';
import type { PanelPlaylistDetail } from '../../src/playlists/contract.ts';
import {
  ANSWER_TIMEOUTS,
  type MusicWorld,
  SETUP_TIMEOUT_MS,
  startMusicWorld,
  until,
} from '../e2e/support/music-world.ts';
import { launchBrowser, logInThroughEmulator, openSession } from './support/browser.ts';
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

async function queue(page: Page): Promise<QueueSnapshot> {
  const response = await page.request.get(`${base}/api/guilds/${world.ids.guildId}/queue`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { snapshot: QueueSnapshot }).snapshot;
}

const botChannel = () => {
  const botId = world.emulator.describe().botUserId;
  const states = world.emulator.control.voiceStates({ guildId: world.ids.guildId }) as {
    user_id?: string;
    channel_id?: string | null;
  }[];
  return states.find((state) => state.user_id === botId)?.channel_id ?? null;
};

describe('the panel without being in voice', () => {
  it('summons the bot to a picked channel, edits a playlist and finds its skip in the audit log', async () => {
    const { guildId, alice } = world.ids;
    const stage = world.emulator.control.createChannel({ guildId, name: 'Stage left', type: 'voice' }) as {
      id: string;
    };
    const playlist = (subcommand: string, options: Record<string, string | boolean>) =>
      world.emulator.control.slashCommand({
        channelId: world.ids.textChannelId,
        userId: alice,
        command: 'playlist',
        subcommand,
        options,
        ...ANSWER_TIMEOUTS,
      });
    await playlist('create', { name: 'Road mix', shared: true });
    for (const file of ['alpha-440.ogg', 'bravo-660.ogg', 'charlie-880.ogg']) {
      await playlist('add', { name: 'Road mix', query: world.file(file) });
    }
    expect(world.emulator.control.voiceStates({ guildId })).toEqual([]);

    const session = await openSession(browser, 'panel-control');
    const { page } = session;
    const failed: string[] = [];
    page.on('response', (response) => {
      // Lyrics come from LRCLIB, which this world does not reach (a 502 there is the lyrics panel's to say).
      if (response.status() >= 500 && !response.url().endsWith('/lyrics'))
        failed.push(`${response.status()} ${response.url()}`);
    });
    await logInThroughEmulator(page, base);
    await page.goto(`${base}/servers/${guildId}/music`);
    await expect.poll(() => page.getByTestId('stream-status').textContent()).toBe('Live');

    // Summon: pick "Stage left", press the button; nobody is in voice.
    const summon = page.getByTestId('summon');
    await summon.getByText('The bot is not in a voice channel.').waitFor();
    await page.getByLabel('Voice channel for the bot').selectOption({ label: 'Stage left' });
    await summon.getByRole('button', { name: 'Summon here' }).click();
    await summon.getByText('The bot is in Stage left.').waitFor();
    await until(() => expect(botChannel()).toBe(stage.id));
    await session.screenshot('1-summoned');

    // Playback starts from the add form, in that channel, and the voice server hears it.
    const field = page.getByLabel('Search words or a URL');
    await field.fill(world.file('alpha-440.ogg'));
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByTestId('add-result').getByText('Playing “alpha-440” now.').waitFor();
    await field.fill(world.file('bravo-660.ogg'));
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByTestId('add-result').getByText('Added “bravo-660” at position 1.').waitFor();
    await world.voice.waitForPackets(guildId, 50, 15_000);

    // Disconnect, then bring it back from the page, into the demo channel this time.
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await summon.getByText('The bot is not in a voice channel.').waitFor();
    await until(() => expect(botChannel()).toBeNull());
    await page.getByLabel('Voice channel for the bot').selectOption({ label: 'Music' });
    await summon.getByRole('button', { name: 'Summon here' }).click();
    await summon.getByText('The bot is in Music.').waitFor();
    await until(() => expect(botChannel()).toBe(world.ids.voiceChannelId));
    expect((await queue(page)).current?.info.title).toBe('alpha-440');

    // Skip from the page.
    await page.getByRole('button', { name: 'Skip' }).click();
    await expect.poll(() => page.getByTestId('now-playing-title').textContent()).toBe('bravo-660');

    // Edit alice's shared playlist: rename, move charlie to the top with the keyboard, remove bravo.
    await page.getByRole('button', { name: 'Edit the playlist “Road mix”' }).click();
    const editor = page.getByTestId('playlist-editor');
    const tracks = () => editor.getByTestId('playlist-track').locator('.music-queue-title').allTextContents();
    await expect.poll(tracks).toEqual(['alpha-440', 'bravo-660', 'charlie-880']);
    await editor.getByLabel('Name').fill('Road trip');
    await editor.getByRole('button', { name: 'Rename' }).click();
    await page.getByTestId('playlists').getByText('Road trip', { exact: true }).waitFor();
    const announced = page.locator('[id^="DndLiveRegion-"]');
    await editor.getByRole('button', { name: 'Move “charlie-880” (position 3)' }).focus();
    for (const [key, says] of [
      ['Space', '“charlie-880” is over position 3.'],
      ['ArrowUp', '“charlie-880” is over position 2.'],
      ['ArrowUp', '“charlie-880” is over position 1.'],
      ['Space', '“charlie-880” dropped at position 1.'],
    ] as const) {
      await page.keyboard.press(key);
      await expect.poll(() => announced.textContent()).toBe(says);
    }
    await expect.poll(tracks).toEqual(['charlie-880', 'alpha-440', 'bravo-660']);
    await editor.getByRole('button', { name: 'Remove “bravo-660”' }).click();
    await expect.poll(tracks).toEqual(['charlie-880', 'alpha-440']);
    await session.screenshot('2-playlist-edited');
    const list = await page.request.get(`${base}/api/guilds/${guildId}/playlists`);
    const { playlists } = (await list.json()) as { playlists: { id: number; name: string }[] };
    const edited = playlists.find((entry) => entry.name === 'Road trip');
    expect(edited).toBeDefined();
    const detail = (await (
      await page.request.get(`${base}/api/guilds/${guildId}/playlists/${edited?.id}`)
    ).json()) as PanelPlaylistDetail;
    expect(detail.tracks.map((track) => track.title)).toEqual(['charlie-880', 'alpha-440']);

    // The audit log, filtered by the names it offers: the skip, under the owner's name.
    await page.goto(`${base}/servers/${guildId}/audit`);
    await page.getByTestId('audit-entry').first().waitFor();
    await page.getByLabel('Action').selectOption({ label: 'Skipped a track' });
    await page.getByLabel('Person').selectOption({ label: 'Demo Owner' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'music.skip');
    const entries = page.getByTestId('audit-entry');
    await expect.poll(() => entries.count()).toBe(1);
    expect(await entries.first().textContent()).toMatch(/Demo Owner.*Skipped a track.*Track.*alpha-440/);
    await session.screenshot('3-audit-skip');
    expect(failed).toEqual([]);
    expect(session.errors.filter((line) => !/status of (4\d\d|502)/.test(line))).toEqual([]);
  });

  it('names the server from the start, and says so instead of reconnecting where the user may not manage', async () => {
    const session = await openSession(browser, 'panel-control-access');
    const { page } = session;
    // Asked for a deep page while logged out: the login comes back to it.
    await page.goto(`${base}/servers/${world.ids.guildId}/music`);
    await page.getByRole('link', { name: 'Log in with Discord' }).last().click();
    await page.waitForURL(`${base}/servers/${world.ids.guildId}/music`);
    await expect.poll(() => page.getByTestId('guild-name').textContent()).toBe('Gramophone Demo');

    // A server the owner does not manage (another user's): no endless "Reconnecting…".
    const stranger = world.emulator.control.createUser({ username: 'stranger' }) as { id: string };
    const foreign = world.emulator.control.createGuild({ name: 'Not yours', ownerId: stranger.id }) as {
      id: string;
    };
    await page.goto(`${base}/servers/${foreign.id}/music`);
    const refused = page.getByTestId('guild-refused');
    await refused.getByRole('heading', { name: 'You can’t manage this server' }).waitFor();
    expect(await page.getByTestId('stream-status').count()).toBe(0);
    await session.screenshot('4-cannot-manage');
    await refused.getByRole('link', { name: 'Back to your servers' }).click();
    await page.waitForURL(`${base}/servers`);
  });
});
