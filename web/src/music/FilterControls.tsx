import { useId } from 'react';
import type { QueueOperation, QueueSnapshot } from '../../../src/music/contract.ts';
import { useMessages } from '../i18n/index.ts';
import { musicMessages } from './messages.ts';
import { FILTER_PRESETS } from './player-options.ts';

/** Speed and pitch steps offered; the bot takes 0.5–2 (a value set in Discord is shown too). */
const FACTORS = [0.5, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 2];

/**
 * The player's filters: a checkbox per preset (several at once; turning on one that changes the
 * same filter as another, like nightcore and vaporwave, turns that one off, as in Discord),
 * speed and pitch, and clearing them all.
 */
export function FilterControls({
  snapshot,
  disabled,
  send,
}: {
  snapshot: QueueSnapshot;
  disabled: boolean;
  send: (op: QueueOperation) => Promise<unknown>;
}) {
  const t = useMessages(musicMessages);
  const ids = { speed: useId(), pitch: useId() };
  const filters = snapshot.filters ?? { presets: [], speed: 1, pitch: 1 };
  const active = filters.presets.length > 0 || filters.speed !== 1 || filters.pitch !== 1;
  const factorSelect = (id: string, label: string, value: number, key: 'speed' | 'pitch') => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={String(value)}
        disabled={disabled}
        onChange={(event) => void send({ type: 'filter', [key]: Number(event.target.value) })}
      >
        {(FACTORS.includes(value) ? FACTORS : [...FACTORS, value].sort((a, b) => a - b)).map((factor) => (
          <option key={factor} value={String(factor)}>
            {factor}×
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <fieldset className="music-filters">
      <legend>{t('filters')}</legend>
      <div className="music-filter-presets">
        {FILTER_PRESETS.map((preset) => (
          <label key={preset.name} className="checkbox-field">
            <input
              type="checkbox"
              value={preset.name}
              checked={filters.presets.includes(preset.name)}
              disabled={disabled}
              onChange={() => void send({ type: 'filter', toggle: preset.name })}
            />
            {t(preset.label)}
          </label>
        ))}
      </div>
      <div className="row music-filter-timescale">
        {factorSelect(ids.speed, t('filterSpeed'), filters.speed, 'speed')}
        {factorSelect(ids.pitch, t('filterPitch'), filters.pitch, 'pitch')}
        <button
          type="button"
          className="button"
          disabled={disabled || !active}
          onClick={() => void send({ type: 'filter', preset: null })}
        >
          {t('filterClear')}
        </button>
      </div>
    </fieldset>
  );
}
