import { copyFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotAnswer } from '../../src/emulators/discord/index.ts';
import { eventually } from '../support/eventually.ts';
import { shownToUser } from '../support/shown-to-user.ts';
import { type MusicStack, startMusicStack } from './music-stack.ts';

/**
 * `/play` with words queues the top result at once, as a link would; `/search` offers the
 * results privately as a pick list; a query that names its source (`localsearch:`,
 * `ytsearch:`) goes to the audio node as it is; and "nothing found" says where the bot looked.
 * The whole stack runs: the emulator, the built-in audio node searching its local folder of
 * tones (alpha-440.ogg, bravo-660.ogg, charlie-880.ogg, and alphabet.ogg added here so that
 * "alpha" has two results: alpha-440 first, as a whole word beats a prefix) and the gateway.
 */
describe('/play with words and /search', () => {
  let stack: MusicStack;

  beforeAll(async () => {
    stack = await startMusicStack('pglite');
    stack.emulator.control.joinVoice({ channelId: stack.ids.voiceChannelId, userId: stack.ids.ownerId });
    const alpha = stack.file('alpha-440.ogg');
    await copyFile(alpha, join(dirname(alpha), 'alphabet.ogg'));
    // The folder watcher indexes the new file once it stops growing.
    await eventually(
      async () => {
        const offer = await shown(await slash('search', { query: 'alpha' }));
        expect(menuOf(offer)?.options.map((option) => option.label)).toEqual(['alpha-440', 'alphabet']);
      },
      30_000,
      250,
    );
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  const slash = (command: string, options: Record<string, string | number | boolean>) =>
    stack.slash(stack.ids.ownerId, command, options);
  const shown = async (answer: BotAnswer) => shownToUser(stack.emulator, answer);
  const upcomingTitles = async () => (await stack.snapshot()).upcoming.map((track) => track.info.title);
  /** The select menu of a message, if it has one. */
  const menuOf = (answer: BotAnswer) =>
    (
      answer.components[0] as
        | { components: { type: number; custom_id: string; options: { label: string; value: string }[] }[] }
        | undefined
    )?.components[0];

  it('plays the top result of words at once, with no pick list', async () => {
    // (beforeAll saw /search offer two results for these words)
    const answer = await shown(await slash('play', { query: 'alpha' }));
    expect(answer.ephemeral).toBe(false);
    expect(answer.content).toBe('Now playing **alpha-440**.');
    expect(answer.components).toEqual([]);
    const snapshot = await stack.snapshot();
    expect(snapshot.current?.info.title).toBe('alpha-440');
    expect(snapshot.upcoming).toEqual([]);
  }, 60_000);

  it('passes a query that names its source to the audio node as it is', async () => {
    const local = await shown(await slash('play', { query: 'localsearch:charlie' }));
    expect(local.content).toBe('Added **charlie-880** to the queue at position 1.');
    expect(await upcomingTitles()).toEqual(['charlie-880']);
    // This node has no yt-dlp: a YouTube search reaches the node and is refused by it, where
    // the same words searched locally would have found nothing.
    const youtube = await stack.privateAnswer(await slash('play', { query: 'ytsearch:alpha' }));
    expect(youtube).toMatch(/^Could not load “ytsearch:alpha”\. .*need yt-dlp/);
    expect(await upcomingTitles()).toEqual(['charlie-880']);
  }, 60_000);

  it('offers /search results privately as a pick list, and queues the pick with its options', async () => {
    const offer = await shown(await slash('search', { query: 'bravo', next: true }));
    expect(offer.ephemeral).toBe(true);
    expect(offer.content).toBe('Pick a track for “bravo”:');
    const menu = menuOf(offer);
    expect(menu?.type).toBe(3); // a string select menu
    expect(menu?.options.map((option) => option.label)).toEqual(['bravo-660']);
    // Nothing is queued until the user picks.
    expect(await upcomingTitles()).toEqual(['charlie-880']);

    const chosen = await stack.emulator.control.selectMenu({
      messageId: offer.messageId as string,
      customId: menu?.custom_id as string,
      userId: stack.ids.ownerId,
      values: [menu?.options[0]?.value as string],
      answerTimeoutMs: 15_000,
    });
    expect(chosen.content).toBe('Added **bravo-660** to the queue at position 1.');
    // `next` came with the pick: bravo goes before charlie.
    expect(await upcomingTitles()).toEqual(['bravo-660', 'charlie-880']);
    expect((await stack.snapshot()).current?.info.title).toBe('alpha-440');
  }, 60_000);

  it('says where it looked when nothing is found, in the user’s language', async () => {
    const english = await stack.privateAnswer(await slash('play', { query: 'zyxwv' }));
    expect(english).toBe('Nothing found for “zyxwv” in the local files.');
    const german = await shown(
      await stack.emulator.control.slashCommand({
        channelId: stack.ids.textChannelId,
        userId: stack.ids.ownerId,
        command: 'search',
        options: { query: 'zyxwv' },
        locale: 'de',
        answerTimeoutMs: 15_000,
      }),
    );
    expect(german.ephemeral).toBe(true);
    expect(german.content).toBe('Nichts gefunden für „zyxwv“ in den lokalen Dateien.');
    expect(german.components).toEqual([]);
    expect(await upcomingTitles()).toEqual(['bravo-660', 'charlie-880']);
  }, 60_000);
});
