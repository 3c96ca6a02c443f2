import {
  ActionRowBuilder,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
} from 'discord.js';
import type { Translate } from '../../../i18n/index.ts';
import { embedColour, formatDuration, remoteText } from '../../../interactions/index.ts';
import type { QueueSnapshot } from '../../contract.ts';

/** Custom-id prefix of the now-playing buttons (`np:<action>`). */
export const NOW_PLAYING_PREFIX = 'np';
export const nowPlayingActions = ['toggle', 'skip', 'stop', 'loop', 'shuffle'] as const;
export type NowPlayingAction = (typeof nowPlayingActions)[number];

/** The now-playing message as Discord takes it, plus what the publisher needs to know. */
export interface NowPlayingView {
  /** A track is playing or paused in a voice channel: the message has buttons. */
  active: boolean;
  /** The progress moves (playing, not paused, not a stream): worth refreshing on a timer. */
  live: boolean;
  message: { embeds: APIEmbed[]; components: APIActionRowComponent<APIComponentInMessageActionRow>[] };
}

const BAR_WIDTH = 16;

/** `━━━━●───────────`: where the position is in the track. */
export function progressBar(positionMs: number, lengthMs: number, width = BAR_WIDTH): string {
  const ratio = lengthMs > 0 ? Math.min(1, Math.max(0, positionMs / lengthMs)) : 0;
  const knob = Math.min(width - 1, Math.floor(ratio * width));
  return `${'━'.repeat(knob)}●${'─'.repeat(width - 1 - knob)}`;
}

/**
 * Renders the guild's player: the track, who asked, the progress, paused state, loop mode
 * and volume, with the control buttons; or, once the queue ended or the bot left, a line
 * that says so and no buttons.
 */
export function nowPlayingView(snapshot: QueueSnapshot, embedColor: string, t: Translate): NowPlayingView {
  const color = embedColour(embedColor);
  const track = snapshot.current;
  if (!track || !snapshot.voiceChannelId) {
    const line = snapshot.voiceChannelId ? t('nowPlaying.idle') : t('nowPlaying.left');
    const embed = new EmbedBuilder()
      .setColor(color)
      .setAuthor({ name: t('nowPlaying.title') })
      .setDescription(line);
    return { active: false, live: false, message: { embeds: [embed.toJSON()], components: [] } };
  }
  const { info } = track;
  const position = info.isStream
    ? t('live')
    : `${formatDuration(snapshot.positionMs)} / ${formatDuration(info.length)}`;
  const requester = track.requesterId
    ? t('nowPlaying.requestedBy', { userId: track.requesterId })
    : t('nowPlaying.autoplayed');
  const embed = new EmbedBuilder()
    .setColor(color)
    .setAuthor({ name: t('nowPlaying.title') })
    .setTitle(remoteText(info.title).slice(0, 256) || remoteText(info.identifier).slice(0, 256))
    .setDescription(
      [
        t('nowPlaying.by', { author: remoteText(info.author).slice(0, 200) }),
        requester,
        '',
        `${progressBar(snapshot.positionMs, info.isStream ? 0 : info.length)} \`${position}\``,
      ].join('\n'),
    )
    .addFields(
      {
        name: t('nowPlaying.status'),
        value: snapshot.paused ? `⏸ ${t('nowPlaying.paused')}` : `▶ ${t('nowPlaying.playing')}`,
        inline: true,
      },
      { name: t('nowPlaying.loop'), value: t(`loopMode.${snapshot.loop}`), inline: true },
      { name: t('nowPlaying.volume'), value: `${snapshot.volume}%`, inline: true },
    );
  if (info.uri && /^https?:\/\//.test(info.uri)) embed.setURL(info.uri);
  if (info.artworkUrl && /^https?:\/\//.test(info.artworkUrl)) embed.setThumbnail(info.artworkUrl);
  if (snapshot.upcoming.length > 0)
    embed.setFooter({ text: t('nowPlaying.upcoming', { count: snapshot.upcoming.length }) });
  return {
    active: true,
    live: !snapshot.paused && !info.isStream,
    message: { embeds: [embed.toJSON()], components: [controls(snapshot, t).toJSON()] },
  };
}

/** The same buttons, shown but not usable: on a now-playing message that a new one replaced. */
export function disabledControls(
  rows: NowPlayingView['message']['components'],
): NowPlayingView['message']['components'] {
  return rows.map((row) => ({
    ...row,
    components: row.components.map((component) => ({ ...component, disabled: true })),
  }));
}

function controls(snapshot: QueueSnapshot, t: Translate) {
  const button = (action: NowPlayingAction, label: string, style = ButtonStyle.Secondary) =>
    new ButtonBuilder().setCustomId(`${NOW_PLAYING_PREFIX}:${action}`).setLabel(label).setStyle(style);
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    button('toggle', `${snapshot.paused ? '▶' : '⏸'} ${t('button.pauseResume')}`, ButtonStyle.Primary),
    button('skip', `⏭ ${t('button.skip')}`),
    button('stop', `⏹ ${t('button.stop')}`, ButtonStyle.Danger),
    button('loop', `🔁 ${t('button.loop')}: ${t(`loopMode.${snapshot.loop}`)}`),
    button('shuffle', `🔀 ${t('button.shuffle')}`),
  );
}
