import {
  type ChatInputCommandInteraction,
  MessageFlags,
  SlashCommandBuilder,
  type SlashCommandStringOption,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import type { MessageKey } from '../../i18n/index.ts';
import { answer, describe, remoteText, withinAck } from '../../interactions/index.ts';
import { saidWhereItLooked } from '../../music/index.ts';
import { MAX_PLAYLIST_NAME_LENGTH, MAX_TRACKS_PER_PLAYLIST } from '../playlist-rules.ts';
import type { CommandContext, SlashCommand } from './handler-types.ts';
import { playlistPage } from './playlist-page.ts';
import { asRefusal, playlistListEmbed, playlistNameChoices } from './playlist-views.ts';

type Subcommand =
  | 'create'
  | 'add'
  | 'remove'
  | 'list'
  | 'view'
  | 'load'
  | 'delete'
  | 'rename'
  | 'save'
  | 'share';

const subcommand = (sub: SlashCommandSubcommandBuilder, name: Subcommand) =>
  describe(sub.setName(name), `cmd.playlist.${name}` satisfies MessageKey);
const nameOption = (option: SlashCommandStringOption, autocomplete: boolean) =>
  describe(
    option
      .setName('name')
      .setRequired(true)
      .setMaxLength(MAX_PLAYLIST_NAME_LENGTH)
      .setAutocomplete(autocomplete),
    'cmd.playlist.name',
  );
const existing = (option: SlashCommandStringOption) => nameOption(option, true);
const name = (interaction: ChatInputCommandInteraction) => interaction.options.getString('name', true);

/**
 * Playlist management is the user's own business: its answers are ephemeral — the edit of the
 * private deferral every subcommand but `load` starts with.
 */
const privately = (interaction: ChatInputCommandInteraction, content: string) =>
  interaction.deferred
    ? interaction.editReply({ content })
    : interaction.reply({ content, flags: MessageFlags.Ephemeral });

/** Subcommands whose answer is public (through withinAck); the others defer privately at once. */
const PUBLIC_SUBCOMMANDS: ReadonlySet<Subcommand> = new Set(['load']);

const handlers: Record<Subcommand, (context: CommandContext) => Promise<unknown>> = {
  async create({ interaction, services, actor, guildId, t }) {
    const shared = interaction.options.getBoolean('shared') ?? false;
    const playlist = await services.playlists.create(
      actor.userId,
      name(interaction),
      shared ? guildId : null,
    );
    await privately(
      interaction,
      t(shared ? 'playlist.createdShared' : 'playlist.created', { name: remoteText(playlist.name) }),
    );
  },
  async add({ interaction, services, actor, guildId, t }) {
    const resolved = await services.music
      .resolve(interaction.options.getString('query', true), { guildId, userId: actor.userId })
      .catch((error: unknown) => {
        throw saidWhereItLooked(error, t);
      });
    const tracks = resolved.isSearch ? resolved.tracks.slice(0, 1) : resolved.tracks;
    const { playlist, added, leftOut } = await services.playlists.addTracks(
      actor.userId,
      name(interaction),
      tracks,
    );
    const lines = [
      added.length === 1
        ? t('playlist.added', {
            title: remoteText(added[0]?.info.title ?? ''),
            name: remoteText(playlist.name),
          })
        : t('playlist.addedMany', { count: added.length, name: remoteText(playlist.name) }),
    ];
    if (leftOut > 0) lines.push(t('playlist.capLeftOut', { count: leftOut, max: MAX_TRACKS_PER_PLAYLIST }));
    await interaction.editReply({ content: lines.join('\n') });
  },
  async remove({ interaction, services, actor, t }) {
    const position = interaction.options.getInteger('position', true);
    const { playlist } = await services.playlists.removeTrack(actor.userId, name(interaction), position);
    await privately(interaction, t('playlist.removed', { position, name: remoteText(playlist.name) }));
  },
  async list({ interaction, services, actor, guildId, settings, t }) {
    const playlists = await services.playlists.list(actor.userId, guildId);
    const embed = playlistListEmbed(playlists, actor.userId, settings.embedColor, t);
    await interaction.editReply({ embeds: [embed] });
  },
  async view({ interaction, services, actor, guildId, settings, t }) {
    const playlist = await services.playlists.get(actor.userId, guildId, name(interaction));
    const page = interaction.options.getInteger('page') ?? 1;
    await interaction.editReply(playlistPage(playlist, actor.userId, page, settings.embedColor, t));
  },
  async load({ interaction, services, actor, guildId, t }) {
    // The voice checks and the queue's caps are enqueue's: one set of rules for every way in.
    await withinAck(interaction, async () => {
      const playlist = await services.playlists.tracksToPlay(actor.userId, guildId, name(interaction));
      const tracks = playlist.tracks.map((track) => ({ ...track, pluginInfo: {}, userData: {} }));
      const { outcome } = await services.music.enqueue(guildId, actor, tracks, {
        next: interaction.options.getBoolean('next') ?? false,
        playlistName: playlist.name,
        textChannelId: interaction.channelId,
      });
      if (outcome.kind !== 'added') throw new Error(`enqueue answered ${outcome.kind}`);
      const lines = [t('playlist.loaded', { count: outcome.titles.length, name: remoteText(playlist.name) })];
      if (outcome.skippedTooLong > 0) lines.push(t('play.tooLongSkipped', { count: outcome.skippedTooLong }));
      const didNotFit = tracks.length - outcome.skippedTooLong - outcome.titles.length;
      if (didNotFit > 0) lines.push(t('playlist.queueLeftOut', { count: didNotFit }));
      await answer(interaction, { content: lines.join('\n') });
    });
  },
  async delete({ interaction, services, actor, t }) {
    const playlist = await services.playlists.delete(actor.userId, name(interaction));
    await privately(interaction, t('playlist.deleted', { name: remoteText(playlist.name) }));
  },
  async rename({ interaction, services, actor, t }) {
    const renamed = await services.playlists.rename(
      actor.userId,
      name(interaction),
      interaction.options.getString('new-name', true),
    );
    await privately(
      interaction,
      t('playlist.renamed', { from: remoteText(renamed.from), to: remoteText(renamed.playlist.name) }),
    );
  },
  async save({ interaction, services, actor, guildId, t }) {
    const queue = await services.music.snapshot(guildId);
    const { playlist, leftOut } = await services.playlists.saveQueue(actor.userId, name(interaction), queue);
    const lines = [t('playlist.saved', { count: playlist.trackCount, name: remoteText(playlist.name) })];
    if (leftOut > 0) lines.push(t('playlist.capLeftOut', { count: leftOut, max: MAX_TRACKS_PER_PLAYLIST }));
    await privately(interaction, lines.join('\n'));
  },
  async share({ interaction, services, actor, guildId, t }) {
    const on = interaction.options.getString('state', true) === 'on';
    const playlist = await services.playlists.setShared(actor.userId, name(interaction), on ? guildId : null);
    await privately(
      interaction,
      t(on ? 'playlist.sharedOn' : 'playlist.sharedOff', { name: remoteText(playlist.name) }),
    );
  },
};

/**
 * /playlist: the user's playlists (create, add, remove, list, view, load, delete, rename, save
 * the queue, share with this server). Names autocomplete from the user's own playlists, and for
 * `load` and `view` from those shared with the server too.
 */
export const playlistCommand: SlashCommand = {
  name: 'playlist',
  category: 'playlists',
  definition: describe(new SlashCommandBuilder().setName('playlist'), 'cmd.playlist')
    .addSubcommand((sub) =>
      subcommand(sub, 'create')
        .addStringOption((o) => nameOption(o, false))
        .addBooleanOption((o) => describe(o.setName('shared'), 'cmd.playlist.shared')),
    )
    .addSubcommand((sub) =>
      subcommand(sub, 'add')
        .addStringOption(existing)
        .addStringOption((o) =>
          describe(o.setName('query').setRequired(true).setMaxLength(500), 'cmd.playlist.query'),
        ),
    )
    .addSubcommand((sub) =>
      subcommand(sub, 'remove')
        .addStringOption(existing)
        .addIntegerOption((o) =>
          describe(
            o.setName('position').setRequired(true).setMinValue(1).setMaxValue(MAX_TRACKS_PER_PLAYLIST),
            'cmd.playlist.position',
          ),
        ),
    )
    .addSubcommand((sub) => subcommand(sub, 'list'))
    .addSubcommand((sub) =>
      subcommand(sub, 'view')
        .addStringOption(existing)
        .addIntegerOption((o) => describe(o.setName('page').setMinValue(1), 'cmd.playlist.page')),
    )
    .addSubcommand((sub) =>
      subcommand(sub, 'load')
        .addStringOption(existing)
        .addBooleanOption((o) => describe(o.setName('next'), 'cmd.playlist.next')),
    )
    .addSubcommand((sub) => subcommand(sub, 'delete').addStringOption(existing))
    .addSubcommand((sub) =>
      subcommand(sub, 'rename')
        .addStringOption(existing)
        .addStringOption((o) =>
          describe(
            o.setName('new-name').setRequired(true).setMaxLength(MAX_PLAYLIST_NAME_LENGTH),
            'cmd.playlist.newName',
          ),
        ),
    )
    .addSubcommand((sub) => subcommand(sub, 'save').addStringOption((o) => nameOption(o, false)))
    .addSubcommand((sub) =>
      subcommand(sub, 'share')
        .addStringOption(existing)
        .addStringOption((o) =>
          describe(o.setName('state').setRequired(true), 'cmd.playlist.state').addChoices(
            { name: 'on', value: 'on' },
            { name: 'off', value: 'off' },
          ),
        ),
    )
    .setDMPermission(false)
    .toJSON(),
  async execute(context) {
    const sub = context.interaction.options.getSubcommand(true) as Subcommand;
    const handler = handlers[sub];
    if (!handler) throw new Error(`unknown /playlist subcommand ${sub}`);
    // Every subcommand reads or writes the database (and `add` loads a link): acknowledged
    // first, so a slow database or a busy process never makes Discord give up on the answer.
    if (!PUBLIC_SUBCOMMANDS.has(sub)) await context.interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await handler(context).catch((error: unknown) => {
      throw asRefusal(error);
    });
  },
  autocomplete: playlistNameChoices,
};
