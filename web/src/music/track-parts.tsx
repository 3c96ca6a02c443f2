import { useParams } from 'react-router';
import type { QueuedTrack } from '../../../src/music/contract.ts';
import { useLiveQueue, useMe, useMemberNames } from '../api/index.ts';
import { useMessages } from '../i18n/index.ts';
import { musicMessages } from './messages.ts';

/** A web link for the track, when it has one (a local file's `file://` is no use to a browser). */
export function webLink(track: QueuedTrack): string | null {
  const uri = track.info.uri;
  return uri && /^https?:\/\//i.test(uri) ? uri : null;
}

/** What to send as `add` to queue the same track again: its link or its identifier (a file path). */
export function queryOf(track: QueuedTrack): string {
  return track.info.uri ?? track.info.identifier;
}

/**
 * Keys that stay with a track while its list changes: when it was added and what it is; the
 * same track added twice in one go is told apart by its occurrence.
 */
export function trackKeys(tracks: readonly QueuedTrack[]): string[] {
  const seen = new Map<string, number>();
  return tracks.map((track) => {
    const base = `${track.addedAt}|${track.encoded}`;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}#${count}`;
  });
}

/** The title, linked to its page when it has one. */
export function TrackTitle({ track, className }: { track: QueuedTrack; className?: string }) {
  const link = webLink(track);
  const title = track.info.title || track.info.identifier;
  return link ? (
    <a className={className} href={link} target="_blank" rel="noreferrer noopener">
      {title}
    </a>
  ) : (
    <span className={className}>{title}</span>
  );
}

/**
 * "you", "autoplay", or the member's name in the server (asked of the bot once for everyone
 * in the queue; their id while that answer is on its way or if they left).
 */
export function useRequesterText(): (requesterId: string | null) => string {
  const t = useMessages(musicMessages);
  const me = useMe();
  const { guildId = '' } = useParams();
  const snapshot = useLiveQueue(guildId).data?.snapshot;
  const tracks = snapshot ? [snapshot.current, ...snapshot.upcoming, ...snapshot.history] : [];
  const names = useMemberNames(
    guildId,
    tracks.map((track) => track?.requesterId ?? null),
  );
  return (requesterId) => {
    if (requesterId === null) return t('requesterAutoplay');
    if (requesterId === me.data?.user.id) return t('requesterYou');
    return names.get(requesterId)?.displayName ?? requesterId;
  };
}
