import { SlashCommandBuilder, type StringSelectMenuInteraction } from 'discord.js';
import type { Translate } from '../../../i18n/index.ts';
import { answer, describe, remoteText, UserFacingError, withinAck } from '../../../interactions/index.ts';
import type { OperationResult } from '../../contract.ts';
import { MusicError } from '../../music-error.ts';
import type { ComponentHandler, SlashCommand } from '../handler-types.ts';
import { saidWhereItLooked } from './where-it-looked.ts';

/** The custom id prefix of /search's pick list, whose choice {@link pickHandler} queues. */
export const PICK_PREFIX = 'pick';

/**
 * /play <query> [next] [now]: a link, a file or a playlist is queued at once, and so are words:
 * their top result (/search offers the list to pick from).
 */
export const playCommand: SlashCommand = {
  name: 'play',
  category: 'playback',
  definition: describe(new SlashCommandBuilder().setName('play'), 'cmd.play')
    .addStringOption((o) =>
      describe(
        o.setName('query').setRequired(true).setMaxLength(500).setAutocomplete(true),
        'cmd.play.query',
      ),
    )
    .addBooleanOption((o) => describe(o.setName('next'), 'cmd.play.next'))
    .addBooleanOption((o) => describe(o.setName('now'), 'cmd.play.now'))
    .setDMPermission(false)
    .toJSON(),
  async execute({ interaction, services, actor, guildId, settings, t }) {
    const query = interaction.options.getString('query', true);
    const next = interaction.options.getBoolean('next') ?? false;
    const now = interaction.options.getBoolean('now') ?? false;
    if (!actor.voiceChannelId) throw new MusicError('NOT_IN_VOICE');
    await withinAck(interaction, async () => {
      const resolved = await services.music
        .resolve(query, { guildId, userId: actor.userId })
        .catch((error: unknown) => Promise.reject(saidWhereItLooked(error, t)));
      const tracks = resolved.isSearch ? resolved.tracks.slice(0, 1) : resolved.tracks;
      const result = await services.music.enqueue(guildId, actor, tracks, {
        next,
        now,
        playlistName: resolved.playlistName,
        textChannelId: interaction.channelId,
        settings,
      });
      await answer(interaction, { content: describeAdded(result, t) });
    });
  },
  // Recent plays in the guild, then search results (play-suggestions.ts).
  async autocomplete(interaction, { services, guildId, actor }) {
    const typed = String(interaction.options.getFocused());
    await interaction.respond(await services.suggestions.suggest(guildId, actor.userId, typed));
  },
};

/** The pick list's menu (/search): queues the chosen result, as /play would. */
export const pickHandler: ComponentHandler = {
  prefix: PICK_PREFIX,
  async handle({ interaction, argument, services, actor, guildId, settings, t }) {
    const menu = interaction as StringSelectMenuInteraction;
    const pick = services.picks.take(argument);
    if (!pick) throw new UserFacingError('error.PICK_EXPIRED');
    if (pick.userId !== actor.userId) throw new UserFacingError('error.NOT_YOURS');
    const track = pick.tracks[Number(menu.values[0])];
    if (!track) throw new UserFacingError('error.PICK_EXPIRED');
    await withinAck(menu, async () => {
      const result = await services.music.enqueue(guildId, actor, [track], {
        next: pick.next,
        now: pick.now,
        textChannelId: menu.channelId,
        settings,
      });
      // Deferred as an update: the edit replaces the pick list on its message.
      await answer(menu, { content: describeAdded(result, t), components: [] });
    });
  },
};

export function describeAdded({ outcome }: OperationResult, t: Translate): string {
  if (outcome.kind !== 'added') return '';
  const lines: string[] = [];
  if (outcome.playlistName !== null && outcome.titles.length > 1) {
    lines.push(
      t('play.queuedMany', { count: outcome.titles.length, name: remoteText(outcome.playlistName) }),
    );
  } else if (outcome.startedNow) {
    lines.push(t('play.started', { title: remoteText(outcome.titles[0] ?? '') }));
  } else {
    lines.push(t('play.queued', { title: remoteText(outcome.titles[0] ?? ''), position: outcome.position }));
  }
  if (outcome.skippedTooLong > 0) lines.push(t('play.tooLongSkipped', { count: outcome.skippedTooLong }));
  return lines.join('\n');
}
