import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotAnswer } from '../../src/emulators/discord/index.ts';
import { languages } from '../../src/i18n/index.ts';
import { capabilities } from '../../src/registry/index.ts';
import { eventually } from '../support/eventually.ts';
import { type MusicStack, startMusicStack } from './music-stack.ts';

interface Embed {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
}

/** Discord's limit on all the embeds of one message together. */
const EMBED_TOTAL_MAX = 6000;
const embedSize = (embed: Embed) =>
  (embed.title ?? '').length +
  (embed.description ?? '').length +
  (embed.footer?.text ?? '').length +
  (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);

/**
 * /help, generated from every capability's registered commands and localised from their
 * definitions; /play's autocomplete offering the guild's recent plays, then the audio node's
 * search results. The whole stack: the emulator (which sends autocomplete interactions and takes
 * type-8 answers as Discord does), the built-in audio node searching its folder of tones, and
 * the gateway.
 */
describe('/help and /play autocomplete', () => {
  let stack: MusicStack;

  beforeAll(async () => {
    stack = await startMusicStack('pglite');
    stack.emulator.control.joinVoice({ channelId: stack.ids.voiceChannelId, userId: stack.ids.ownerId });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  const help = (options: Record<string, string> = {}, locale?: string) =>
    stack.emulator.control.slashCommand({
      channelId: stack.ids.textChannelId,
      userId: stack.ids.alice,
      command: 'help',
      options,
      ...(locale ? { locale } : {}),
      answerTimeoutMs: 15_000,
    });
  const embedOf = (answer: BotAnswer) => answer.embeds[0] as Embed;
  const text = (embed: Embed) =>
    (embed.fields ?? []).map((field) => `${field.name}\n${field.value}`).join('\n');
  const autocomplete = (command: string, options: Record<string, string>, focused: string) =>
    stack.emulator.control.autocomplete({
      channelId: stack.ids.textChannelId,
      userId: stack.ids.ownerId,
      command,
      options,
      focused,
      answerTimeoutMs: 15_000,
    });

  it('lists every registered command privately, grouped, with subcommands and options', async () => {
    const answer = await help();
    expect(answer.ephemeral).toBe(true);
    const embed = embedOf(answer);
    expect(embed.title).toBe('Commands');
    const headings = [...new Set((embed.fields ?? []).map((field) => field.name))];
    expect(headings.slice(0, 6)).toEqual([
      'Playback',
      'Queue',
      'Filters & effects',
      'Playlists',
      'Information',
      'Settings',
    ]);
    const listed = text(embed);
    // Generated from the definitions: every capability's commands, none forgotten.
    for (const capability of capabilities) {
      for (const command of capability.gateway?.commands ?? [])
        expect(listed).toContain(`\`/${command.name}`);
    }
    expect(listed).toContain(
      '`/play <query> [next] [now]` — Play a song, a link or a file, or search for one',
    );
    expect(listed).toContain('`/forward [seconds]` — Jump ahead in the current track');
    expect(listed).toContain('`/playlist view <name> [page]` — Show the tracks of a playlist');
    expect(listed).toContain('`/settings view`');
    expect(embed.footer?.text).toBe('Details of one command: /help command:<name>');
    expect(embedSize(embed)).toBeLessThan(EMBED_TOTAL_MAX);
  }, 60_000);

  it('speaks the user’s language, within Discord’s embed limits in every language', async () => {
    const german = embedOf(await help({}, 'de'));
    expect(german.title).toBe('Befehle');
    expect(german.fields?.[0]?.name).toBe('Wiedergabe');
    expect(text(german)).toContain(`\`/play <query> [next] [now]\` — ${languages.de['cmd.play']}`);
    for (const locale of ['fr', 'es-ES']) {
      const embed = embedOf(await help({}, locale));
      expect(embedSize(embed)).toBeLessThan(EMBED_TOTAL_MAX);
    }
    expect(embedSize(german)).toBeLessThan(EMBED_TOTAL_MAX);
  }, 60_000);

  it('explains one command in detail: its subcommands, options and choices', async () => {
    const playlist = embedOf(await help({ command: 'playlist' }));
    expect(playlist.title).toBe('/playlist');
    expect(playlist.fields?.[0]?.name).toBe('Usage');
    expect(playlist.fields?.[0]?.value).toContain('`/playlist view <name> [page]`');
    const view = playlist.fields?.find((field) => field.name === '/playlist view');
    expect(view?.value).toBe(
      'Show the tracks of a playlist\n`name` — Name of the playlist · *required*\n`page` — Page of the playlist',
    );
    const loop = embedOf(await help({ command: '/LOOP' }));
    expect(loop.fields?.[1]?.value).toMatch(/^`mode` — What to loop \(off, track, queue\) · \*required\*$/);
    const pause = embedOf(await help({ command: 'pause' }));
    expect(pause.fields?.[1]).toEqual({ name: 'Options', value: 'This command has no options.' });

    const unknown = await help({ command: 'nope' });
    expect(unknown.ephemeral).toBe(true);
    expect(unknown.content).toBe('There is no command /nope. /help lists them all.');
  }, 60_000);

  it('completes /help’s command names, those starting with what was typed first', async () => {
    const answer = await autocomplete('help', { command: 'pl' }, 'command');
    expect(answer.responseType).toBe(8);
    expect(answer.choices?.slice(0, 2)).toEqual([
      { name: '/play', value: 'play' },
      { name: '/playlist', value: 'playlist' },
    ]);
  }, 60_000);

  it('suggests recent plays in the guild, then search results, and plays the one picked', async () => {
    // Nothing played yet: only the audio node's results.
    let bravo = '';
    await eventually(async () => {
      const answer = await autocomplete('play', { query: 'bravo' }, 'query');
      expect(answer.responseType).toBe(8);
      expect(answer.choices?.map((choice) => choice.name)).toEqual(['bravo-660 — Unknown artist']);
      bravo = answer.choices?.[0]?.value as string;
    }, 20_000);
    // The track's link (here its path in the node's folder): it fits in a choice's 100 characters.
    expect(bravo).toBe(stack.file('bravo-660.ogg'));

    // Picking a suggestion plays it; once it ended it is a recent play.
    const played = await stack.slash(stack.ids.ownerId, 'play', { query: bravo });
    expect(played.content).toBe('Now playing **bravo-660**.');
    await stack.slash(stack.ids.ownerId, 'play', { query: stack.file('charlie-880.ogg') });
    await stack.slash(stack.ids.ownerId, 'skip');
    await eventually(async () => {
      const recent = await autocomplete('play', { query: '' }, 'query');
      expect(recent.choices).toEqual([{ name: 'bravo-660 — Unknown artist', value: bravo }]);
    }, 20_000);
    // A recent play and a search result for the same track are offered once.
    const again = await autocomplete('play', { query: 'bravo' }, 'query');
    expect(again.choices).toEqual([{ name: 'bravo-660 — Unknown artist', value: bravo }]);
    // What matches nothing offers nothing.
    const none = await autocomplete('play', { query: 'zyxwv' }, 'query');
    expect(none.choices).toEqual([]);
  }, 90_000);
});
