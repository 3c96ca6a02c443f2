import type { LiveQueue } from '../api/index.ts';
import { useMessages } from '../i18n/index.ts';
import { musicMessages } from './messages.ts';
import { useQueueOperation } from './operations.ts';
import { PlayerControls } from './PlayerControls.tsx';
import { usePlaybackPosition } from './playback-position.ts';
import { SeekBar } from './SeekBar.tsx';
import { TrackTitle, useRequesterText } from './track-parts.tsx';

/** The current track with its moving progress, and the player's controls. */
export function NowPlaying({ guildId, live }: { guildId: string; live: LiveQueue }) {
  const t = useMessages(musicMessages);
  const requester = useRequesterText();
  const position = usePlaybackPosition(live);
  const seek = useQueueOperation(guildId);
  const { snapshot } = live;
  const current = snapshot.current;
  return (
    <section className="card stack" aria-labelledby="music-now-playing" data-testid="now-playing">
      <h2 id="music-now-playing">{t('nowPlaying')}</h2>
      {/* Announced when the track changes, not on every tick of the progress. */}
      <p className="visually-hidden" aria-live="polite">
        {current ? t('announceNowPlaying', { title: current.info.title }) : t('announceNothing')}
      </p>
      {current ? (
        <div className="music-current">
          {current.info.artworkUrl ? (
            <img className="music-artwork" src={current.info.artworkUrl} alt="" />
          ) : (
            <div className="music-artwork" aria-hidden="true">
              ♪
            </div>
          )}
          <div className="stack music-current-text">
            <div>
              <p className="music-title" data-testid="now-playing-title">
                <TrackTitle track={current} />
              </p>
              <p className="muted truncate">{current.info.author}</p>
              <p className="muted music-small">{t('requestedBy', { who: requester(current.requesterId) })}</p>
              <div className="row">
                {snapshot.paused && <span className="badge">{t('paused')}</span>}
                {current.info.isStream && <span className="badge live">{t('liveStream')}</span>}
                {snapshot.voiceChannelId === null && <span className="badge">{t('notConnected')}</span>}
              </div>
            </div>
            <SeekBar
              track={current}
              positionMs={position}
              onSeek={(positionMs) => seek.mutateAsync({ type: 'seek', positionMs })}
            />
          </div>
        </div>
      ) : (
        <div className="music-empty" data-testid="nothing-playing">
          <p>
            <strong>{t('nothingPlaying')}</strong>
          </p>
          <p className="muted">
            {snapshot.voiceChannelId === null ? t('notConnected') : null} {t('nothingPlayingHint')}
          </p>
        </div>
      )}
      <PlayerControls guildId={guildId} snapshot={snapshot} />
    </section>
  );
}
