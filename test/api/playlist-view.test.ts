import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotAnswer } from '../../src/emulators/discord/index.ts';
import { PlaylistService, type PlaylistTrack } from '../../src/playlists/index.ts';
import { aQueuedTrack } from '../support/music-snapshots.ts';
import { shownToUser } from '../support/shown-to-user.ts';
import { type MusicStack, startMusicStack } from './music-stack.ts';

const aPlaylistTrack = (title: string): PlaylistTrack => {
  const { encoded, info } = aQueuedTrack(title, { length: 185_000 });
  return { encoded, info };
};

interface Embed {
  title?: string;
  description?: string;
  footer?: { text: string };
}
interface ButtonRow {
  components: { custom_id: string; label: string; disabled?: boolean }[];
}

/**
 * /playlist view on the whole stack: a playlist's tracks with their positions, ten a page,
 * privately, with page buttons; the member's own playlists and those shared with the server,
 * as /playlist load sees them. Playlists are seeded through the service into the stack's database.
 */
describe('/playlist view', () => {
  let stack: MusicStack;
  let bob: string;
  let longMixId = 0;

  beforeAll(async () => {
    stack = await startMusicStack('pglite');
    const { ownerId, alice, guildId } = stack.ids;
    bob = stack.emulator.describe().memberIds?.[1] as string;
    const playlists = new PlaylistService(stack.database);
    const seed = async (owner: string, name: string, shared: string | null, count: number) => {
      const created = await playlists.create(owner, name, shared);
      const titles = Array.from({ length: count }, (_, i) => `${name} ${String(i + 1).padStart(2, '0')}`);
      if (count > 0) await playlists.addTracks(owner, name, titles.map(aPlaylistTrack));
      return created.id;
    };
    longMixId = await seed(ownerId, 'Long mix', null, 23);
    await seed(ownerId, 'Empty', null, 0);
    await seed(alice, 'Alice shares', guildId, 2);
    await seed(bob, 'Bob private', null, 1);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  const view = async (options: Record<string, string | number>, userId = stack.ids.ownerId) =>
    shownToUser(
      stack.emulator,
      await stack.emulator.control.slashCommand({
        channelId: stack.ids.textChannelId,
        userId,
        command: 'playlist',
        subcommand: 'view',
        options,
        answerTimeoutMs: 15_000,
      }),
    );
  const embedOf = (answer: BotAnswer) => answer.embeds[0] as Embed;
  const buttonsOf = (answer: BotAnswer) => (answer.components[0] as ButtonRow | undefined)?.components ?? [];
  const numbers = (embed: Embed) =>
    (embed.description ?? '').split('\n').flatMap((line) => /^`(\d+)\.`/.exec(line)?.[1] ?? []);

  it('shows a playlist’s tracks with their positions, ten a page, privately', async () => {
    const answer = await view({ name: 'long MIX' });
    expect(answer.ephemeral).toBe(true);
    const embed = embedOf(answer);
    expect(embed.title).toBe('Long mix');
    expect(embed.description?.split('\n')[0]).toBe('`1.` Long mix 01 — Test Artist (3:05)');
    expect(numbers(embed)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(embed.footer?.text).toBe('Page 1/3 · 23 tracks');
    expect(buttonsOf(answer)).toEqual([
      expect.objectContaining({
        label: 'Previous',
        disabled: true,
        custom_id: `playlist-page:${longMixId}:0`,
      }),
      expect.objectContaining({ label: 'Next', disabled: false, custom_id: `playlist-page:${longMixId}:2` }),
    ]);
  }, 60_000);

  it('turns the pages with the buttons, and opens at a page asked for', async () => {
    const first = await view({ name: 'Long mix' });
    const next = await stack.emulator.control.clickButton({
      messageId: first.messageId as string,
      customId: `playlist-page:${longMixId}:2`,
      userId: stack.ids.ownerId,
      answerTimeoutMs: 15_000,
    });
    const second = embedOf(next);
    expect(numbers(second)).toEqual(['11', '12', '13', '14', '15', '16', '17', '18', '19', '20']);
    expect(second.footer?.text).toBe('Page 2/3 · 23 tracks');

    const last = await view({ name: 'Long mix', page: 3 });
    expect(numbers(embedOf(last))).toEqual(['21', '22', '23']);
    expect(buttonsOf(last).map((button) => button.disabled)).toEqual([false, true]);
    const beyond = await view({ name: 'Long mix', page: 4 });
    expect(beyond).toMatchObject({ ephemeral: true, content: 'There are only 3 pages.' });
  }, 60_000);

  it('shows a playlist shared with the server, saying whose it is, but not another member’s private one', async () => {
    const shared = await view({ name: 'Alice shares' });
    expect(embedOf(shared).description?.split('\n')).toEqual([
      `Shared by <@${stack.ids.alice}>`,
      '`1.` Alice shares 01 — Test Artist (3:05)',
      '`2.` Alice shares 02 — Test Artist (3:05)',
    ]);
    // One page: no buttons.
    expect(shared.components).toEqual([]);
    const hidden = await view({ name: 'Bob private' });
    expect(hidden).toMatchObject({ ephemeral: true, content: 'You have no playlist called “Bob private”.' });
    const ownersView = await view({ name: 'Bob private' }, bob);
    expect(embedOf(ownersView).footer?.text).toBe('Page 1/1 · 1 track');
  }, 60_000);

  it('says an empty playlist is empty, in the user’s language', async () => {
    const empty = embedOf(await view({ name: 'Empty' }));
    expect(empty.description).toBe('This playlist is empty. Add tracks with /playlist add.');
    expect(empty.footer?.text).toBe('Page 1/1 · 0 tracks');
  }, 60_000);

  it('completes the name from the member’s playlists and those shared with the server', async () => {
    const answer = await stack.emulator.control.autocomplete({
      channelId: stack.ids.textChannelId,
      userId: stack.ids.ownerId,
      command: 'playlist',
      subcommand: 'view',
      options: { name: '' },
      focused: 'name',
      answerTimeoutMs: 15_000,
    });
    expect(answer.choices?.map((choice) => choice.value)).toEqual(['Empty', 'Long mix', 'Alice shares']);
  }, 60_000);
});
