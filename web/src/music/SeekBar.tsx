import { useEffect, useRef, useState } from 'react';
import type { QueuedTrack } from '../../../src/music/contract.ts';
import { useFormat, useMessages } from '../i18n/index.ts';
import { musicMessages } from './messages.ts';

/** A keyboard seek waits this long for the next key before it is sent. */
const KEY_SEEK_DELAY_MS = 500;

/**
 * The track's progress (a progressbar that moves) with a seek slider laid over it: click or drag
 * anywhere on the bar, or focus it and use the arrow keys (seconds), Page Up/Down, Home and End.
 * Streams and tracks that can't seek show the progress only.
 */
export function SeekBar({
  track,
  positionMs,
  onSeek,
}: {
  track: QueuedTrack;
  positionMs: number;
  onSeek: (positionMs: number) => Promise<unknown>;
}) {
  const t = useMessages(musicMessages);
  const format = useFormat();
  const { length, isStream, isSeekable } = track.info;
  // Where the user is seeking to, shown until the bot has answered.
  const [draft, setDraft] = useState<number | null>(null);
  // The same, for event handlers that run before React renders again.
  const pending = useRef<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  // Another track: a seek in progress no longer applies.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on a new track only
  useEffect(() => {
    clearTimeout(timer.current);
    pending.current = null;
    setDraft(null);
  }, [track.encoded, track.addedAt]);

  const shownMs = draft === null ? positionMs : draft * 1000;
  const label = t('timeOf', { position: format.duration(shownMs), length: format.duration(length) });
  if (isStream) {
    return (
      <div className="music-seek">
        <div
          className="progress music-progress"
          role="progressbar"
          aria-label={t('progress')}
          aria-valuetext={t('liveStream')}
        >
          <div className="music-progress-live" />
        </div>
      </div>
    );
  }
  const percent = length > 0 ? Math.min(100, (shownMs / length) * 100) : 0;
  // A seek to the very end is refused (SEEK_OUT_OF_RANGE): the last whole second before it.
  const maxSeconds = Math.max(0, Math.floor((length - 1) / 1000));
  const commit = () => {
    clearTimeout(timer.current);
    const seconds = pending.current;
    if (seconds === null) return;
    pending.current = null;
    // A refusal is the caller's to show; the bar goes back to where the track is.
    void onSeek(Math.min(seconds, maxSeconds) * 1000)
      .catch(() => undefined)
      .finally(() => setDraft(null));
  };
  return (
    <div className="music-seek-wrap">
      <div className="music-seek">
        <div
          className="progress music-progress"
          role="progressbar"
          aria-label={t('progress')}
          aria-valuemin={0}
          aria-valuemax={Math.round(length / 1000)}
          aria-valuenow={Math.floor(shownMs / 1000)}
          aria-valuetext={label}
          data-testid="track-progress"
        >
          <div style={{ width: `${percent}%` }} />
        </div>
        {isSeekable && (
          <input
            type="range"
            className="music-seek-input"
            min={0}
            max={maxSeconds}
            step={1}
            value={Math.min(maxSeconds, Math.floor(shownMs / 1000))}
            aria-label={t('seek')}
            aria-valuetext={label}
            onChange={(event) => {
              const seconds = Number(event.target.value);
              pending.current = seconds;
              setDraft(seconds);
              clearTimeout(timer.current);
              timer.current = setTimeout(commit, KEY_SEEK_DELAY_MS);
            }}
            onPointerUp={commit}
          />
        )}
      </div>
      <div className="music-time muted" aria-hidden="true">
        <span>{format.duration(shownMs)}</span>
        <span>{format.duration(length)}</span>
      </div>
    </div>
  );
}
