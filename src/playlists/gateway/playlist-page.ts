import { type ButtonInteraction, EmbedBuilder } from 'discord.js';
import type { Translate } from '../../i18n/index.ts';
import {
  type ComponentHandler,
  embedColour,
  formatDuration,
  pageButtons,
  remoteText,
  UserFacingError,
  withinAck,
} from '../../interactions/index.ts';
import type { Playlist } from '../playlist-service.ts';
import type { PlaylistServices } from './handler-types.ts';
import { asRefusal } from './playlist-views.ts';

const PAGE_SIZE = 10;
/** The page buttons' custom id prefix: `playlist-page:<playlist id>:<page>`. */
export const PLAYLIST_PAGE_PREFIX = 'playlist-page';

/**
 * /playlist view: a playlist's tracks with their positions (the ones `/playlist remove` takes),
 * ten a page, with Previous/Next buttons. A page past the end is refused.
 */
export function playlistPage(
  playlist: Playlist,
  viewerId: string,
  page: number,
  color: string,
  t: Translate,
) {
  const pages = Math.max(1, Math.ceil(playlist.tracks.length / PAGE_SIZE));
  if (page > pages) throw new UserFacingError('error.PAGE_OUT_OF_RANGE', { pages });
  const first = (page - 1) * PAGE_SIZE;
  const lines = playlist.tracks
    .slice(first, first + PAGE_SIZE)
    .map(
      ({ info }, i) =>
        `\`${first + i + 1}.\` ${remoteText(info.title)} — ${remoteText(info.author)} (${info.isStream ? t('live') : formatDuration(info.length)})`,
    );
  const header =
    playlist.ownerId === viewerId ? [] : [t('playlist.viewShared', { ownerId: playlist.ownerId })];
  const body = lines.length > 0 ? lines : [t('playlist.viewEmpty')];
  const embed = new EmbedBuilder()
    .setColor(embedColour(color))
    .setTitle(remoteText(playlist.name))
    .setDescription([...header, ...body].join('\n').slice(0, 4096))
    .setFooter({ text: t('playlist.viewFooter', { page, pages, count: playlist.tracks.length }) });
  const row = pageButtons(`${PLAYLIST_PAGE_PREFIX}:${playlist.id}`, page, pages, t);
  return { embeds: [embed], components: pages > 1 ? [row] : [], allowedMentions: { parse: [] } };
}

/** The page buttons: the playlist is read again, as the clicking member may see it. */
export const playlistPageHandler: ComponentHandler<PlaylistServices> = {
  prefix: PLAYLIST_PAGE_PREFIX,
  async handle({ interaction, argument, services, actor, guildId, settings, t }) {
    const button = interaction as ButtonInteraction;
    const [id, wanted] = argument.split(':').map(Number);
    const view = await withinAck(button, async () => {
      const playlist = await services.playlists
        .getById(actor.userId, guildId, id ?? Number.NaN)
        .catch((error: unknown) => Promise.reject(asRefusal(error)));
      const pages = Math.max(1, Math.ceil(playlist.tracks.length / PAGE_SIZE));
      const page = Math.min(Math.max(1, wanted || 1), pages);
      return playlistPage(playlist, actor.userId, page, settings.embedColor, t);
    });
    await button.editReply(view);
  },
};
