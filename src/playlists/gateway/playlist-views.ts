import { type AutocompleteInteraction, EmbedBuilder } from 'discord.js';
import type { MessageKey, Translate } from '../../i18n/index.ts';
import { embedColour, remoteText, UserFacingError } from '../../interactions/index.ts';
import { isPlaylistError, type PlaylistErrorCode } from '../playlist-error.ts';
import type { PlaylistSummary } from '../playlist-repository.ts';
import type { GuildInteractionContext } from './handler-types.ts';

/** The message of each playlist refusal; a new code without one is a type error. */
const refusalKeys: Record<PlaylistErrorCode, MessageKey> = {
  PLAYLIST_NOT_FOUND: 'error.PLAYLIST_NOT_FOUND',
  PLAYLIST_EXISTS: 'error.PLAYLIST_EXISTS',
  PLAYLIST_EMPTY: 'error.PLAYLIST_EMPTY',
  PLAYLIST_FULL: 'error.PLAYLIST_FULL',
  PLAYLIST_LIMIT: 'error.PLAYLIST_LIMIT',
  PLAYLIST_BAD_NAME: 'error.PLAYLIST_BAD_NAME',
  PLAYLIST_BAD_POSITION: 'error.PLAYLIST_BAD_POSITION',
  QUEUE_EMPTY: 'error.QUEUE_EMPTY',
};

/** A PlaylistError as the refusal the router renders; anything else unchanged. */
export function asRefusal(error: unknown): unknown {
  return isPlaylistError(error) ? new UserFacingError(refusalKeys[error.code], error.params) : error;
}

// An embed description holds 4096 characters; keep room for the "and N more" line.
const LIST_BUDGET = 3_900;

/** /playlist list: one line per playlist, the user's own first. */
export function playlistListEmbed(
  playlists: readonly PlaylistSummary[],
  userId: string,
  color: string,
  t: Translate,
): EmbedBuilder {
  const lines: string[] = [];
  let used = 0;
  for (const playlist of playlists) {
    const line = describeEntry(playlist, userId, t);
    if (used + line.length + 1 > LIST_BUDGET) break;
    lines.push(line);
    used += line.length + 1;
  }
  if (lines.length < playlists.length)
    lines.push(t('playlist.more', { count: playlists.length - lines.length }));
  return new EmbedBuilder()
    .setColor(embedColour(color))
    .setTitle(t('playlist.list'))
    .setDescription(lines.length > 0 ? lines.join('\n') : t('playlist.none'));
}

function describeEntry(playlist: PlaylistSummary, userId: string, t: Translate): string {
  const params = { name: remoteText(playlist.name), count: playlist.trackCount };
  if (playlist.ownerId !== userId) return t('playlist.entryShared', { ...params, ownerId: playlist.ownerId });
  return playlist.sharedGuildId
    ? `${t('playlist.entry', params)} · ${t('playlist.shared')}`
    : t('playlist.entry', params);
}

/**
 * Autocomplete of a playlist name: the user's own playlists, plus (for `load` and `view`) those shared
 * with the guild, whose names contain what was typed.
 */
export async function playlistNameChoices(
  interaction: AutocompleteInteraction,
  context: GuildInteractionContext,
): Promise<void> {
  const typed = String(interaction.options.getFocused()).trim().toLowerCase();
  const sub = interaction.options.getSubcommand(false);
  const readOnly = sub === 'load' || sub === 'view';
  const { userId } = context.actor;
  const playlists = await context.services.playlists.list(userId, context.guildId);
  const choices = playlists
    .filter(
      (playlist) => (readOnly || playlist.ownerId === userId) && playlist.name.toLowerCase().includes(typed),
    )
    .slice(0, 25)
    .map((playlist) => {
      const params = { name: playlist.name, count: playlist.trackCount };
      const label =
        playlist.ownerId === userId
          ? context.t('playlist.choice', params)
          : context.t('playlist.choiceShared', params);
      return { name: label.slice(0, 100), value: playlist.name };
    });
  await interaction.respond(choices);
}
