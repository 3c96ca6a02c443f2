import { EmbedBuilder, SlashCommandBuilder } from 'discord.js';
import {
  answer,
  answerPrivately,
  describe,
  embedColour,
  remoteText,
  UserFacingError,
  withinAck,
} from '../../../interactions/index.ts';
import { MusicError } from '../../music-error.ts';
import type { SlashCommand } from '../handler-types.ts';

/** Discord embeds hold 4096 characters of description. */
const EMBED_TEXT_MAX = 4096;
/** Past this the interaction could no longer be answered (tokens last 15 min; be far quicker). */
const LOOKUP_TIMEOUT_MS = 10_000;

/**
 * /lyrics: the current track's lyrics from the configured `LyricsProvider`. With none
 * configured (the default) it answers, ephemerally, that lyrics are not available.
 */
export const lyricsCommand: SlashCommand = {
  name: 'lyrics',
  definition: describe(new SlashCommandBuilder().setName('lyrics'), 'cmd.lyrics')
    .setDMPermission(false)
    .toJSON(),
  async execute({ interaction, services, guildId, settings, t }) {
    const provider = services.lyrics;
    if (!provider) throw new UserFacingError('error.LYRICS_UNAVAILABLE');
    await withinAck(interaction, async () => {
      const { current } = await services.music.snapshot(guildId);
      if (!current) throw new MusicError('NOTHING_PLAYING');
      const { title, author, uri, length } = current.info;
      const lyrics = await provider.find(
        { title, author, uri, lengthMs: length },
        AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
      );
      if (!lyrics) {
        await answerPrivately(interaction, t('lyrics.notFound', { title: remoteText(title) }));
        return;
      }
      const text =
        lyrics.text.length > EMBED_TEXT_MAX ? `${lyrics.text.slice(0, EMBED_TEXT_MAX - 1)}…` : lyrics.text;
      const embed = new EmbedBuilder()
        .setColor(embedColour(settings.embedColor))
        .setTitle(t('lyrics.title', { title: remoteText(title) }).slice(0, 256))
        .setDescription(text || '…')
        .setFooter({ text: t('lyrics.source', { source: provider.name }) });
      if (lyrics.url) embed.setURL(lyrics.url);
      await answer(interaction, { embeds: [embed] });
    });
  },
};
