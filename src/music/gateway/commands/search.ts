import { ActionRowBuilder, MessageFlags, SlashCommandBuilder, StringSelectMenuBuilder } from 'discord.js';
import type { Translate } from '../../../i18n/index.ts';
import {
  answerPrivately,
  describe,
  formatDuration,
  withoutControlCharacters,
} from '../../../interactions/index.ts';
import type { Track } from '../../../lavalink/index.ts';
import { MusicError } from '../../music-error.ts';
import type { SlashCommand } from '../handler-types.ts';
import { PICK_PREFIX } from './play.ts';
import { saidWhereItLooked } from './where-it-looked.ts';

/** How many results the pick list offers (a select menu holds at most 25). */
const PICK_LIST_SIZE = 10;

/**
 * /search <query> [next] [now]: the results as a private pick list; the choice is queued by
 * the `pick` menu handler, with `next`/`now` as given here.
 */
export const searchCommand: SlashCommand = {
  name: 'search',
  category: 'playback',
  definition: describe(new SlashCommandBuilder().setName('search'), 'cmd.search')
    .addStringOption((o) =>
      describe(o.setName('query').setRequired(true).setMaxLength(500), 'cmd.search.query'),
    )
    .addBooleanOption((o) => describe(o.setName('next'), 'cmd.search.next'))
    .addBooleanOption((o) => describe(o.setName('now'), 'cmd.search.now'))
    .setDMPermission(false)
    .toJSON(),
  async execute({ interaction, services, actor, guildId, t }) {
    const query = interaction.options.getString('query', true);
    const next = interaction.options.getBoolean('next') ?? false;
    const now = interaction.options.getBoolean('now') ?? false;
    if (!actor.voiceChannelId) throw new MusicError('NOT_IN_VOICE');
    // Acknowledged first, and privately: the list is the user's own business.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const resolved = await services.music
      .resolve(query, { guildId, userId: actor.userId })
      .catch((error: unknown) => Promise.reject(saidWhereItLooked(error, t)));
    const candidates = resolved.tracks.slice(0, PICK_LIST_SIZE);
    const pickId = services.picks.offer(actor.userId, candidates, { next, now });
    const menu = new StringSelectMenuBuilder()
      .setCustomId(`${PICK_PREFIX}:${pickId}`)
      .addOptions(candidates.map((track, index) => pickOption(track, index, t)));
    await answerPrivately(interaction, {
      content: t('play.pick', { query: query.slice(0, 100) }),
      components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu)],
    });
  },
};

function pickOption(track: Track, index: number, t: Translate) {
  const { title, identifier, author, isStream, length } = track.info;
  return {
    label: withoutControlCharacters(title).slice(0, 100) || identifier.slice(0, 100),
    description:
      `${withoutControlCharacters(author)} · ${isStream ? t('live') : formatDuration(length)}`.slice(0, 100),
    value: String(index),
  };
}
