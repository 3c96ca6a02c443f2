import { useEffect, useId, useRef, useState } from 'react';
import type { SandboxState } from '../../../src/api/sandbox/contract.ts';
import { useMessages } from '../i18n/index.ts';
import { sandboxMessages } from './messages.ts';

type PlayerStatus = 'off' | 'buffering' | 'playing' | 'error';

/**
 * Plays the emulator's voice server's live stream (what the bot sends) in an `<audio>` element,
 * with a volume control, and says whether the bot is sending audio right now.
 */
export function ListenPanel({ guildId, audio }: { guildId: string; audio: SandboxState['audio'] }) {
  const t = useMessages(sandboxMessages);
  const volumeId = useId();
  const element = useRef<HTMLAudioElement>(null);
  const [status, setStatus] = useState<PlayerStatus>('off');
  const [volume, setVolume] = useState(80);

  useEffect(() => {
    if (element.current) element.current.volume = volume / 100;
  }, [volume]);

  const stop = () => {
    const player = element.current;
    if (!player) return;
    player.pause();
    // Dropping the source closes the connection, and with it the server's encoder.
    player.removeAttribute('src');
    player.load();
    setStatus('off');
  };
  const start = () => {
    const player = element.current;
    if (!player) return;
    player.src = `/api/sandbox/voice/${guildId}/audio`;
    player.volume = volume / 100;
    setStatus('buffering');
    player.play().catch(() => setStatus('error'));
  };
  // Leaving the page stops the stream.
  useEffect(
    () => () => {
      const player = element.current;
      if (player?.getAttribute('src')) {
        player.pause();
        player.removeAttribute('src');
        player.load();
      }
    },
    [],
  );

  const listening = status !== 'off';
  const botStatus = !audio.connected ? 'botNotInVoice' : audio.sending ? 'botSending' : 'botSilent';
  const playerText = {
    off: '',
    buffering: t('playerBuffering'),
    playing: t('playerPlaying'),
    error: t('playerError'),
  }[status];
  return (
    <section className="card stack" aria-labelledby="sandbox-listen-title">
      <h2 id="sandbox-listen-title">{t('listenTitle')}</h2>
      <p className="sandbox-indicator" role="status" aria-live="polite" data-testid="sandbox-bot-audio">
        <span className={`sandbox-dot ${audio.sending ? 'on' : 'off'}`} aria-hidden="true" />
        {t(botStatus)}
      </p>
      <div className="row">
        <button
          type="button"
          className={listening ? 'button' : 'button primary'}
          onClick={listening ? stop : start}
        >
          {listening ? t('stopListening') : t('listen')}
        </button>
        <label htmlFor={volumeId} className="row sandbox-volume">
          <span>{t('volume')}</span>
          <input
            id={volumeId}
            type="range"
            min={0}
            max={100}
            step={5}
            value={volume}
            onChange={(event) => setVolume(Number(event.target.value))}
            aria-valuetext={`${volume}%`}
          />
        </label>
      </div>
      {/* biome-ignore lint/a11y/useMediaCaption: a live stream of the bot's music; there is nothing to caption */}
      <audio
        ref={element}
        preload="none"
        data-testid="sandbox-audio"
        onPlaying={() => setStatus('playing')}
        onWaiting={() => element.current?.getAttribute('src') && setStatus('buffering')}
        onError={() => element.current?.getAttribute('src') && setStatus('error')}
      />
      <p className={status === 'error' ? 'error' : 'muted'} role="status" aria-live="polite">
        {playerText}
      </p>
      <p className="muted">{t('listenHint')}</p>
    </section>
  );
}
