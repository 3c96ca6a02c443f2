import { EmbedBuilder, SlashCommandBuilder } from 'discord.js';
import {
  answer,
  answerPrivately,
  describe,
  embedColour,
  formatDuration,
  remoteText,
  UserFacingError,
  withinAck,
} from '../../../interactions/index.ts';
import { MusicError } from '../../music-error.ts';
import type { SlashCommand } from '../handler-types.ts';
import { lyricsText } from './lyrics-view.ts';

/** Past this the interaction could no longer be answered (tokens last 15 min; be far quicker). */
const LOOKUP_TIMEOUT_MS = 10_000;

/**
 * /lyrics: the current track's lyrics from the configured provider (LRCLIB by default). Synced
 * lyrics show the lines around where the track is, the sung one marked; plain lyrics show from
 * the top, cut to one embed. With LYRICS_PROVIDER=none it answers, privately, that lyrics are off.
 */
export const lyricsCommand: SlashCommand = {
  name: 'lyrics',
  category: 'info',
  definition: describe(new SlashCommandBuilder().setName('lyrics'), 'cmd.lyrics')
    .setDMPermission(false)
    .toJSON(),
  async execute({ interaction, services, guildId, settings, t }) {
    const provider = services.lyrics;
    if (!provider) throw new UserFacingError('error.LYRICS_UNAVAILABLE');
    await withinAck(interaction, async () => {
      const { current, positionMs } = await services.music.snapshot(guildId);
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
      const synced = lyrics.synced !== null && lyrics.synced.length > 0;
      const embed = new EmbedBuilder()
        .setColor(embedColour(settings.embedColor))
        .setTitle(t('lyrics.title', { title: remoteText(title) }).slice(0, 256))
        .setDescription(
          lyrics.instrumental
            ? t('lyrics.instrumental', { title: remoteText(title) })
            : lyricsText(lyrics, positionMs, t) || '…',
        )
        .setFooter({
          text: synced
            ? t('lyrics.sourceSynced', {
                source: provider.name,
                position: formatDuration(positionMs),
                length: formatDuration(length),
              })
            : t('lyrics.source', { source: provider.name }),
        });
      if (lyrics.url) embed.setURL(lyrics.url);
      await answer(interaction, { embeds: [embed] });
    });
  },
};
