import { type ButtonInteraction, EmbedBuilder, SlashCommandBuilder } from 'discord.js';
import type { Translate } from '../../../i18n/index.ts';
import {
  answer,
  describe,
  embedColour,
  pageButtons,
  remoteText,
  withinAck,
} from '../../../interactions/index.ts';
import { MusicError } from '../../music-error.ts';
import type { PastPlay } from '../../play-history.ts';
import type { ComponentHandler, MusicGatewayServices, SlashCommand } from '../handler-types.ts';

const PAGE_SIZE = 10;
const PREFIX = 'history';

/** /history [page]: the guild's last plays, most recent first, ten a page. */
export const historyCommand: SlashCommand = {
  name: 'history',
  category: 'info',
  definition: describe(new SlashCommandBuilder().setName('history'), 'cmd.history')
    .addIntegerOption((o) => describe(o.setName('page').setMinValue(1), 'cmd.history.page'))
    .setDMPermission(false)
    .toJSON(),
  async execute({ interaction, services, guildId, settings, t }) {
    const page = interaction.options.getInteger('page') ?? 1;
    // Acknowledged first: the page is read from play_events.
    const view = await withinAck(interaction, () =>
      historyPage(services, guildId, page, settings.embedColor, t),
    );
    await answer(interaction, view);
  },
};

export const historyPageHandler: ComponentHandler = {
  prefix: PREFIX,
  async handle({ interaction, argument, services, guildId, settings, t }) {
    const button = interaction as ButtonInteraction;
    const page = Math.max(1, Number(argument) || 1);
    const view = await withinAck(button, () => historyPage(services, guildId, page, settings.embedColor, t));
    await button.editReply(view);
  },
};

async function historyPage(
  services: MusicGatewayServices,
  guildId: string,
  page: number,
  color: string,
  t: Translate,
) {
  const total = await services.history.count(guildId);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (page > pages) throw new MusicError('PAGE_OUT_OF_RANGE', { pages });
  const first = (page - 1) * PAGE_SIZE;
  const plays = await services.history.recent(guildId, { offset: first, limit: PAGE_SIZE });
  const embed = new EmbedBuilder()
    .setColor(embedColour(color))
    .setTitle(t('history.title'))
    .setDescription(
      plays.length
        ? plays
            .map((play, i) => line(play, first + i + 1, t))
            .join('\n')
            .slice(0, 4096)
        : t('history.empty'),
    )
    .setFooter({ text: t('history.footer', { page, pages, count: total }) });
  const row = pageButtons(PREFIX, page, pages, t);
  return { embeds: [embed], components: [row], allowedMentions: { parse: [] } };
}

/** `3.` **Title** — Author · @requester · 5 minutes ago (Discord renders the time locally). */
function line(play: PastPlay, number: number, t: Translate): string {
  const safeTitle = remoteText(play.title);
  // A link only to http(s), with the characters that would end the markdown link escaped.
  const title =
    play.uri && /^https?:\/\//.test(play.uri)
      ? `[${safeTitle}](${play.uri.replace(/[()\s]/g, encodeURIComponent)})`
      : safeTitle;
  const who = play.requesterId ? `<@${play.requesterId}>` : t('history.autoplay');
  const when = `<t:${Math.floor(play.startedAt.getTime() / 1000)}:R>`;
  return `\`${number}.\` **${title}** — ${remoteText(play.author)} · ${who} · ${when}`.slice(0, 400);
}
