import { useEffect, useId, useRef, useState } from 'react';
import type { QueueOperation, QueueSnapshot } from '../../../src/music/contract.ts';
import { useMessages } from '../i18n/index.ts';
import { FilterControls } from './FilterControls.tsx';
import { Icon, type IconName } from './icons.tsx';
import { musicMessages } from './messages.ts';
import { useQueueOperation } from './operations.ts';
import { isLoopMode, LOOP_MODES } from './player-options.ts';

/** The volume is sent once the slider has rested this long. */
const VOLUME_DELAY_MS = 300;

/**
 * Transport buttons (back, pause/resume, skip, stop, shuffle) and the player's settings (loop,
 * volume, filters, autoplay, voice connection). What can't apply now is disabled: no player, no
 * track, nothing before or after.
 */
export function PlayerControls({ guildId, snapshot }: { guildId: string; snapshot: QueueSnapshot }) {
  const t = useMessages(musicMessages);
  const operation = useQueueOperation(guildId);
  const send = (op: QueueOperation) => operation.mutateAsync(op).catch(() => undefined);
  const connected = snapshot.voiceChannelId !== null;
  const playing = connected && snapshot.current !== null;
  const ids = { loop: useId(), volume: useId(), autoplay: useId() };
  return (
    <div className="stack music-controls" aria-busy={operation.isPending}>
      <fieldset className="row music-transport">
        <legend className="visually-hidden">{t('controls')}</legend>
        <IconButton
          label={t('back')}
          icon="back"
          disabled={!connected || snapshot.history.length === 0}
          onClick={() => send({ type: 'back' })}
        />
        {snapshot.paused ? (
          <IconButton
            label={t('resume')}
            icon="play"
            primary
            disabled={!playing}
            onClick={() => send({ type: 'resume' })}
          />
        ) : (
          <IconButton
            label={t('pause')}
            icon="pause"
            primary
            disabled={!playing}
            onClick={() => send({ type: 'pause' })}
          />
        )}
        <IconButton
          label={t('skip')}
          icon="skip"
          disabled={!playing}
          onClick={() => send({ type: 'skip' })}
        />
        <IconButton
          label={t('stop')}
          icon="stop"
          disabled={!playing}
          onClick={() => send({ type: 'stop' })}
        />
        <IconButton
          label={t('shuffle')}
          icon="shuffle"
          disabled={!connected || snapshot.upcoming.length < 2}
          onClick={() => send({ type: 'shuffle' })}
        />
      </fieldset>
      <div className="music-settings">
        <div className="field">
          <label htmlFor={ids.loop}>{t('loop')}</label>
          <select
            id={ids.loop}
            value={snapshot.loop}
            disabled={!connected}
            onChange={(event) => {
              const mode = event.target.value;
              if (isLoopMode(mode)) void send({ type: 'loop', mode });
            }}
          >
            {LOOP_MODES.map(({ mode, label }) => (
              <option key={mode} value={mode}>
                {t(label)}
              </option>
            ))}
          </select>
        </div>
        <VolumeSlider
          id={ids.volume}
          volume={snapshot.volume}
          disabled={!connected}
          onCommit={(volume) => send({ type: 'volume', volume })}
        />
        <div className="checkbox-field music-autoplay">
          <input
            id={ids.autoplay}
            type="checkbox"
            checked={snapshot.autoplay}
            disabled={!connected}
            onChange={(event) => send({ type: 'autoplay', enabled: event.target.checked })}
          />
          <label htmlFor={ids.autoplay}>{t('autoplay')}</label>
        </div>
      </div>
      <FilterControls snapshot={snapshot} disabled={!connected} send={send} />
      <div className="row">
        {connected ? (
          <button type="button" className="button" onClick={() => send({ type: 'leave' })}>
            {t('leave')}
          </button>
        ) : (
          <button type="button" className="button" onClick={() => send({ type: 'join' })}>
            {t('join')}
          </button>
        )}
      </div>
    </div>
  );
}

function IconButton({
  label,
  icon,
  disabled,
  primary,
  onClick,
}: {
  label: string;
  icon: IconName;
  disabled: boolean;
  primary?: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className={primary ? 'button icon primary music-icon' : 'button icon music-icon'}
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
    >
      <Icon name={icon} />
    </button>
  );
}

/** 0–200 %, sent once the slider rests; shows the bot's volume when nobody is moving it. */
function VolumeSlider({
  id,
  volume,
  disabled,
  onCommit,
}: {
  id: string;
  volume: number;
  disabled: boolean;
  onCommit: (volume: number) => Promise<unknown>;
}) {
  const t = useMessages(musicMessages);
  const [draft, setDraft] = useState<number | null>(null);
  const latest = useRef<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const shown = draft ?? volume;
  return (
    <div className="field music-volume">
      <div className="music-volume-head">
        <label htmlFor={id}>{t('volume')}</label>
        <output htmlFor={id}>{shown}%</output>
      </div>
      <input
        id={id}
        type="range"
        min={0}
        max={200}
        step={1}
        value={shown}
        disabled={disabled}
        aria-valuetext={`${shown}%`}
        onChange={(event) => {
          const next = Number(event.target.value);
          latest.current = next;
          setDraft(next);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => {
            void onCommit(next).finally(() => {
              // A newer value is still on its way: keep showing it.
              if (latest.current === next) setDraft(null);
            });
          }, VOLUME_DELAY_MS);
        }}
      />
    </div>
  );
}
