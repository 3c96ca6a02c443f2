import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { SandboxState } from '../../../src/api/sandbox/contract.ts';
import { useMessages } from '../i18n/index.ts';
import { sandboxMessages } from './messages.ts';

type PlayerStatus = 'off' | 'buffering' | 'playing' | 'reconnecting' | 'error';

/** Waits before dialling the stream again: quick at first, then every few seconds while the server is away. */
const RECONNECT_DELAYS_MS = [500, 1_000, 2_000, 4_000];

/**
 * Plays the emulator's voice server's live stream (what the bot sends) in an `<audio>` element,
 * with a volume control, and says whether the bot is sending audio right now. While the server
 * does not answer (`offline`) it claims nothing about the bot; a stream that breaks (the server
 * restarted) is dialled again by itself for as long as the visitor wants to listen.
 */
export function ListenPanel({
  guildId,
  audio,
  offline,
}: {
  guildId: string;
  audio: SandboxState['audio'];
  offline: boolean;
}) {
  const t = useMessages(sandboxMessages);
  const volumeId = useId();
  const element = useRef<HTMLAudioElement>(null);
  const [status, setStatus] = useState<PlayerStatus>('off');
  const [volume, setVolume] = useState(80);
  const retry = useRef<{ timer: ReturnType<typeof setTimeout> | null; attempt: number }>({
    timer: null,
    attempt: 0,
  });

  useEffect(() => {
    if (element.current) element.current.volume = volume / 100;
  }, [volume]);

  const cancelRetry = useCallback(() => {
    if (retry.current.timer) clearTimeout(retry.current.timer);
    retry.current.timer = null;
  }, []);

  const dial = useCallback(() => {
    const player = element.current;
    if (!player) return;
    // A new URL each time: the browser must not hand back the broken response.
    player.src = `/api/sandbox/voice/${guildId}/audio?t=${Date.now()}`;
    player.volume = volume / 100;
    player.play().catch((error: unknown) => {
      // Refused by the browser (autoplay, no MP3): dialling again won't help.
      if (error instanceof DOMException && error.name === 'NotAllowedError') setStatus('error');
    });
  }, [guildId, volume]);

  const reconnect = useCallback(() => {
    const player = element.current;
    if (!player?.getAttribute('src') || retry.current.timer) return;
    setStatus('reconnecting');
    const delay =
      RECONNECT_DELAYS_MS[Math.min(retry.current.attempt, RECONNECT_DELAYS_MS.length - 1)] ?? 4_000;
    retry.current.attempt += 1;
    retry.current.timer = setTimeout(() => {
      retry.current.timer = null;
      dial();
    }, delay);
  }, [dial]);

  const stop = () => {
    cancelRetry();
    const player = element.current;
    if (!player) return;
    player.pause();
    // Dropping the source closes the connection, and with it the server's encoder.
    player.removeAttribute('src');
    player.load();
    setStatus('off');
  };
  const start = () => {
    retry.current.attempt = 0;
    setStatus('buffering');
    dial();
  };

  // The server went away: what still plays is the browser's buffer, not the bot; say so and
  // keep dialling. Once it answers again, dial at once rather than at the next back-off step.
  useEffect(() => {
    if (offline && (status === 'playing' || status === 'buffering')) reconnect();
    if (!offline && status === 'reconnecting' && retry.current.timer) {
      cancelRetry();
      dial();
    }
  }, [offline, status, cancelRetry, dial, reconnect]);

  // Leaving the page stops the stream.
  useEffect(
    () => () => {
      cancelRetry();
      const player = element.current;
      if (player?.getAttribute('src')) {
        player.pause();
        player.removeAttribute('src');
        player.load();
      }
    },
    [cancelRetry],
  );

  const listening = status !== 'off';
  const botStatus = offline
    ? 'botUnknown'
    : !audio.connected
      ? 'botNotInVoice'
      : audio.sending
        ? 'botSending'
        : 'botSilent';
  const playerText = {
    off: '',
    buffering: t('playerBuffering'),
    playing: t('playerPlaying'),
    reconnecting: t('playerReconnecting'),
    error: t('playerError'),
  }[status];
  return (
    <section className="card stack" aria-labelledby="sandbox-listen-title">
      <h2 id="sandbox-listen-title">{t('listenTitle')}</h2>
      <p className="sandbox-indicator" role="status" aria-live="polite" data-testid="sandbox-bot-audio">
        <span className={`sandbox-dot ${audio.sending && !offline ? 'on' : 'off'}`} aria-hidden="true" />
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
        onPlaying={() => {
          retry.current.attempt = 0;
          setStatus('playing');
        }}
        onWaiting={() =>
          element.current?.getAttribute('src') && status !== 'reconnecting' && setStatus('buffering')
        }
        // An endless stream that ends or fails: the server went away (or restarted).
        onError={reconnect}
        onEnded={reconnect}
      />
      <p className={status === 'error' ? 'error' : 'muted'} role="status" aria-live="polite">
        {playerText}
      </p>
      <p className="muted">{t('listenHint')}</p>
    </section>
  );
}
