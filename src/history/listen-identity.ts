import { createHash } from 'node:crypto';
import { trackKey } from './catalogue-keys.ts';
import type { ListenInput, ListenSource } from './listen-input.ts';

/**
 * The identity of a listen: the same play reaching the archive by any path, any number of
 * times, gets the same key, and `history_listens.identity` is unique.
 *
 * The rule: SHA-256 of `user | catalogue track key | anchor kind | anchor second`.
 *
 * - **Spotify sources are stamped at the end of the play.** Recently-played's `played_at`
 *   (ms precision) is, in practice, when the play ended, and the extended-history export's
 *   `ts` is documented as "the date and time the stream ended", to the second
 *   (../shared/notes/protocols-dave-stripe-scrobbling.md §5). So polling and import anchor on
 *   the end, truncated to the second: `12:00:05.734` polled and `12:00:05` exported are the
 *   same listen. Both give the Spotify track id, so the track key is `spotify:<id>` on both.
 *   (Spotify does not document whether `ts` truncates or rounds; truncation is what the
 *   exports compared by third parties show and what our emulator does. Were it rounding,
 *   half the overlapping plays would be stored twice: the end-to-end import test would see it.)
 * - **Discord voice and ListenBrainz are stamped at the start.** A voice play knows its start
 *   to the ms; ListenBrainz's `listened_at` is the start, in seconds — so a voice play we
 *   scrobbled and the user later imports from their ListenBrainz export is the same listen.
 *
 * Two real plays of one track stay two: each Spotify play that counts lasts ≥ 30 s, so their
 * ends are seconds apart; only plays shorter than a second ending in the same second (skips
 * of an export) could meet, and those are counted as one. The anchor kind keeps a Spotify end
 * from ever meeting a voice start. `v1` lets a future rule live beside this one.
 */
export function listenIdentity(
  listen: Pick<ListenInput, 'userId' | 'playedAt' | 'endedAt' | 'msPlayed' | 'source' | 'track'>,
): string {
  const kind = anchorKind(listen.source);
  const anchor = kind === 'end' ? endOf(listen) : listen.playedAt.getTime();
  const second = Math.floor(anchor / 1000);
  return createHash('sha256')
    .update(['v1', listen.userId, trackKey(listen.track), kind, String(second)].join('\u001f'))
    .digest('base64url');
}

function anchorKind(source: ListenSource): 'start' | 'end' {
  return source === 'spotify-poll' || source === 'spotify-import' ? 'end' : 'start';
}

function endOf(listen: Pick<ListenInput, 'playedAt' | 'endedAt' | 'msPlayed'>): number {
  if (listen.endedAt) return listen.endedAt.getTime();
  return listen.playedAt.getTime() + (listen.msPlayed ?? 0);
}
