import { type ButtonInteraction, EmbedBuilder, SlashCommandBuilder } from 'discord.js';
import type { Translate } from '../../../i18n/index.ts';
import {
  answer,
  describe,
  embedColour,
  formatDuration,
  pageButtons,
  remoteText,
  withinAck,
} from '../../../interactions/index.ts';
import type { QueueSnapshot } from '../../contract.ts';
import { MusicError } from '../../music-error.ts';
import type { ComponentHandler, SlashCommand } from '../handler-types.ts';

const PAGE_SIZE = 10;
const PREFIX = 'queue';

/** /queue [page]: the current track and the upcoming ones, ten a page, with page buttons. */
export const queueCommand: SlashCommand = {
  name: 'queue',
  category: 'queue',
  definition: describe(new SlashCommandBuilder().setName('queue'), 'cmd.queue')
    .addIntegerOption((o) => describe(o.setName('page').setMinValue(1), 'cmd.queue.page'))
    .setDMPermission(false)
    .toJSON(),
  async execute({ interaction, services, guildId, settings, t }) {
    const page = interaction.options.getInteger('page') ?? 1;
    // Acknowledged first: a guild's first read loads its queue from the database.
    const view = await withinAck(interaction, async () =>
      queuePage(await services.music.snapshot(guildId), page, settings.embedColor, t),
    );
    await answer(interaction, view);
  },
};

export const queuePageHandler: ComponentHandler = {
  prefix: PREFIX,
  async handle({ interaction, argument, services, guildId, settings, t }) {
    const button = interaction as ButtonInteraction;
    const view = await withinAck(button, async () => {
      const snapshot = await services.music.snapshot(guildId);
      const page = Math.min(Math.max(1, Number(argument) || 1), pageCount(snapshot));
      return queuePage(snapshot, page, settings.embedColor, t);
    });
    // After the deferral, the edit is of the message the button is on.
    await button.editReply(view);
  },
};

function pageCount(snapshot: QueueSnapshot): number {
  return Math.max(1, Math.ceil(snapshot.upcoming.length / PAGE_SIZE));
}

export function queuePage(snapshot: QueueSnapshot, page: number, color: string, t: Translate) {
  const pages = pageCount(snapshot);
  if (page > pages) throw new MusicError('PAGE_OUT_OF_RANGE', { pages });
  const first = (page - 1) * PAGE_SIZE;
  const lines = snapshot.upcoming
    .slice(first, first + PAGE_SIZE)
    .map(
      (track, i) =>
        `\`${first + i + 1}.\` ${remoteText(track.info.title)} — ${remoteText(track.info.author)} (${length(track.info, t)})`,
    );
  const totalMs = snapshot.upcoming.reduce(
    (sum, track) => sum + (track.info.isStream ? 0 : track.info.length),
    0,
  );
  const embed = new EmbedBuilder()
    .setColor(embedColour(color))
    .setTitle(t('queue.title', { page, pages }))
    .addFields(
      {
        name: t('queue.nowPlaying'),
        value: snapshot.current
          ? `${remoteText(snapshot.current.info.title)} — ${remoteText(snapshot.current.info.author)} (${formatDuration(snapshot.positionMs)} / ${length(snapshot.current.info, t)})`
          : t('error.NOTHING_PLAYING'),
      },
      { name: t('queue.upNext'), value: lines.length ? lines.join('\n').slice(0, 1024) : t('queue.empty') },
    )
    .setFooter({
      text: t('queue.footer', {
        count: snapshot.upcoming.length,
        duration: formatDuration(totalMs),
        loop: t(`loopMode.${snapshot.loop}`),
      }),
    });
  const row = pageButtons(PREFIX, page, pages, t);
  return { embeds: [embed], components: [row] };
}

function length(info: { isStream: boolean; length: number }, t: Translate): string {
  return info.isStream ? t('live') : formatDuration(info.length);
}
