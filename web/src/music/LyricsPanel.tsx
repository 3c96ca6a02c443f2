import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { LyricLine, LyricsReply } from '../../../src/lyrics/contract.ts';
import { lineIndexAt } from '../../../src/lyrics/line-at.ts';
import { ApiError, get, keys, type LiveQueue } from '../api/index.ts';
import { ErrorState, Loading } from '../components/index.ts';
import { useMessages } from '../i18n/index.ts';
import { musicMessages } from './messages.ts';
import { usePlaybackPosition } from './playback-position.ts';
import './lyrics.css';

/** Answers that say something about the track rather than about a failure. */
const QUIET_REFUSALS: Record<string, 'lyricsNotFound' | 'lyricsOff' | 'lyricsNothingPlaying'> = {
  LYRICS_NOT_FOUND: 'lyricsNotFound',
  LYRICS_UNAVAILABLE: 'lyricsOff',
  NOTHING_PLAYING: 'lyricsNothingPlaying',
};

/**
 * The current track's lyrics. Synced lyrics follow the track: the line being sung is marked
 * (`aria-current`) and kept in view inside the panel's own scroll area, which screen readers are
 * not made to announce (`aria-live="off"`). Fetched once per track.
 */
export function LyricsPanel({ guildId, live }: { guildId: string; live: LiveQueue }) {
  const t = useMessages(musicMessages);
  const current = live.snapshot.current;
  const lyrics = useQuery({
    queryKey: keys.guildPart(guildId, 'lyrics', current?.encoded ?? null),
    queryFn: () => get<LyricsReply>(`/api/guilds/${guildId}/lyrics`),
    enabled: current !== null,
    // Lyrics of a track don't change while it plays; a new track is a new key.
    staleTime: Number.POSITIVE_INFINITY,
  });
  const refusal = lyrics.error instanceof ApiError ? (QUIET_REFUSALS[lyrics.error.code] ?? null) : null;
  let body: React.ReactNode;
  if (!current) body = <p className="muted">{t('lyricsNothingPlaying')}</p>;
  else if (refusal) body = <p className="muted">{t(refusal)}</p>;
  else if (lyrics.error) body = <ErrorState error={lyrics.error} onRetry={() => void lyrics.refetch()} />;
  else if (!lyrics.data) body = <Loading label={t('lyricsLoading')} />;
  else if (lyrics.data.instrumental) body = <p className="muted">{t('lyricsInstrumental')}</p>;
  else if (lyrics.data.synced) body = <SyncedLyrics lines={lyrics.data.synced} live={live} />;
  else body = <div className="music-lyrics-plain music-lyrics-scroll">{lyrics.data.plain}</div>;
  return (
    <section className="card stack" aria-labelledby="music-lyrics" data-testid="lyrics">
      <h2 id="music-lyrics">{t('lyrics')}</h2>
      {body}
      {lyrics.data && current && (
        <p className="muted music-small">
          {lyrics.data.url ? (
            <a href={lyrics.data.url} target="_blank" rel="noreferrer">
              {t('lyricsSource', { source: lyrics.data.source })}
            </a>
          ) : (
            t('lyricsSource', { source: lyrics.data.source })
          )}
          {lyrics.data.synced && ` · ${t('lyricsSynced')}`}
        </p>
      )}
    </section>
  );
}

/** Timed lines with the sung one highlighted and scrolled to the middle of the panel. */
function SyncedLyrics({ lines, live }: { lines: LyricLine[]; live: LiveQueue }) {
  const t = useMessages(musicMessages);
  const position = usePlaybackPosition(live);
  const sung = lineIndexAt(lines, position);
  const scroller = useRef<HTMLElement>(null);
  useEffect(() => {
    const area = scroller.current;
    const line = sung >= 0 ? area?.querySelectorAll('li')[sung] : undefined;
    if (!area || !line) return;
    // Scroll the panel only, never the page: scrollIntoView would move the whole window.
    const top = line.offsetTop - area.clientHeight / 2 + line.clientHeight / 2;
    const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    area.scrollTo?.({ top: Math.max(0, top), behavior: reduced ? 'auto' : 'smooth' });
  }, [sung]);
  return (
    <section
      ref={scroller}
      className="music-lyrics-scroll"
      aria-label={t('lyricsFollowing')}
      aria-live="off"
      data-testid="lyrics-lines"
      // Focusable, so the lyrics scroll with the keyboard too.
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
      tabIndex={0}
    >
      <ol className="music-lyrics-lines">
        {lines.map((line, index) => (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: a track's lines never reorder, and a chorus repeats its text and may repeat its time
            key={index}
            aria-current={index === sung ? 'true' : undefined}
            className={index < sung ? 'music-lyrics-past' : undefined}
          >
            {line.text === '' ? <span aria-hidden="true">♪</span> : line.text}
          </li>
        ))}
      </ol>
    </section>
  );
}
