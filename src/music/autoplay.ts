import type { Logger } from '../logging/index.ts';
import type { GuildSettings } from '../settings/index.ts';
import type { GuildSession } from './guild-session.ts';
import type { Resolved } from './music-service.ts';
import type { FrequentTrack, PlayHistory } from './play-history.ts';
import { addTracks, currentTrack } from './queue-model.ts';

/** How far back autoplay looks for what the guild likes. */
export const AUTOPLAY_WINDOW_MS = 30 * 24 * 3_600_000;
/** Autoplay draws among this many of the guild's most played tracks. */
export const AUTOPLAY_POOL = 20;
/** Candidates tried before giving up, when links no longer load. */
export const AUTOPLAY_ATTEMPTS = 3;

export interface AutoplayOptions {
  history: Pick<PlayHistory, 'mostPlayed'>;
  /** Loads a link on the audio node (`MusicService.resolve`). */
  resolve: (query: string) => Promise<Resolved>;
  settings: (guildId: string) => Promise<Pick<GuildSettings, 'maxTrackLengthSeconds'>>;
  logger: Logger;
  random?: () => number;
  now?: () => number;
}

/**
 * The engine's `onQueueEnd` for autoplay: when the queue runs out and the guild has autoplay
 * on, appends one track drawn at random among the guild's most played of the last 30 days —
 * never the one that just ended — with no requester, and says to carry on. A random draw
 * among the top rather than the top one keeps a session from cycling two tracks.
 */
export function autoplayOnQueueEnd(options: AutoplayOptions): (session: GuildSession) => Promise<boolean> {
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  return async (session) => {
    if (!session.record.autoplay) return false;
    const justPlayed = currentTrack(session.record);
    const pool = await options.history.mostPlayed(session.guildId, {
      since: new Date(now() - AUTOPLAY_WINDOW_MS),
      limit: AUTOPLAY_POOL,
      except: justPlayed
        ? { sourceName: justPlayed.info.sourceName, identifier: justPlayed.info.identifier }
        : null,
    });
    const { maxTrackLengthSeconds } = await options.settings(session.guildId);
    for (const candidate of drawInRandomOrder(pool, AUTOPLAY_ATTEMPTS, random)) {
      const track = await load(candidate, options);
      if (!track) continue;
      if (
        maxTrackLengthSeconds > 0 &&
        !track.info.isStream &&
        track.info.length > maxTrackLengthSeconds * 1000
      )
        continue;
      const queued = {
        encoded: track.encoded,
        info: track.info,
        requesterId: null,
        addedAt: new Date(now()).toISOString(),
      };
      session.record = addTracks(session.record, [queued]);
      return true;
    }
    return false;
  };
}

async function load(candidate: FrequentTrack, options: AutoplayOptions) {
  try {
    const resolved = await options.resolve(candidate.uri);
    return resolved.tracks[0] ?? null;
  } catch (error) {
    options.logger.warn(
      { err: error, uri: candidate.uri },
      'autoplay could not load a track from the history',
    );
    return null;
  }
}

/** Up to `count` distinct items of `items`, each order equally likely (partial Fisher–Yates). */
export function drawInRandomOrder<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = [...items];
  const drawn: T[] = [];
  while (drawn.length < count && pool.length > 0) {
    const index = Math.floor(random() * pool.length);
    drawn.push(pool.splice(index, 1)[0] as T);
  }
  return drawn;
}
