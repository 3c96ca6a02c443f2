import type { LiveQueue } from '../api/index.ts';
import { useNow } from '../components/index.ts';

/** How often the position moves on screen. */
const TICK_MS = 250;

/** Whether the current track's position moves on by itself: playing, not paused, not a stream. */
export function isAdvancing({ snapshot }: LiveQueue): boolean {
  return (
    snapshot.current !== null &&
    !snapshot.paused &&
    snapshot.voiceChannelId !== null &&
    !snapshot.current.info.isStream
  );
}

/**
 * Where the current track is now: the snapshot's position plus the time since it arrived while
 * it plays (the bot sends a snapshot on every change, not every second), capped at its length.
 */
export function usePlaybackPosition(live: LiveQueue): number {
  const advancing = isAdvancing(live);
  const now = useNow(advancing ? TICK_MS : null);
  const current = live.snapshot.current;
  if (!current) return 0;
  const elapsed = advancing ? Math.max(0, now - live.receivedAt) : 0;
  return Math.min(current.info.length, live.snapshot.positionMs + elapsed);
}
