import type { SettingDescriptor } from '../../../src/settings/contract.ts';
import { commonMessages } from '../components/index.ts';
import { isLocale, LOCALE_NAMES, useFormat, useMessages } from '../i18n/index.ts';
import type { InputValue } from './form-model.ts';
import { settingsMessages } from './messages.ts';

/** One choice of a role, channel or category picker. */
export interface PickerOption {
  value: string;
  label: string;
  /** The category a channel sits in, shown as an option group. */
  group: string | null;
}

/** What a picker offers: the options once loaded, or why they could not be. */
export interface PickerSource {
  options: PickerOption[] | null;
  error: string | null;
  retry(): void;
}

export interface SettingFieldProps {
  setting: SettingDescriptor;
  label: string;
  help: string | null;
  /** Why the setting does nothing here (the server said so), or null. */
  warning?: string | null;
  input: InputValue;
  /** What is wrong with the input (as typed, or as the server said), or null. */
  error: string | null;
  changed: boolean;
  /** For pickers. */
  source: PickerSource | null;
  onChange(input: InputValue, badInput?: boolean): void;
}

export const fieldId = (key: string) => `setting-${key}`;

/** A setting's control, chosen by its descriptor: a switch, a number, a list, a picker or text. */
export function SettingField(props: SettingFieldProps) {
  const { setting, label, error, changed } = props;
  const t = useMessages(settingsMessages);
  const common_ = useMessages(commonMessages);
  const format = useFormat();
  const id = fieldId(setting.key);
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const bounds =
    setting.min !== null && setting.max !== null
      ? t('between', { min: format.number(setting.min), max: format.number(setting.max) })
      : setting.min !== null
        ? t('atLeast', { min: format.number(setting.min) })
        : setting.max !== null
          ? t('atMost', { max: format.number(setting.max) })
          : null;
  const help = [props.help, bounds].filter(Boolean).join(' ');
  const warningId = `${id}-warning`;
  const describedBy =
    [help ? helpId : null, props.warning ? warningId : null, error ? errorId : null]
      .filter(Boolean)
      .join(' ') || undefined;
  const common = {
    id,
    'aria-describedby': describedBy,
    'aria-invalid': error ? true : undefined,
  } as const;

  return (
    <div
      className={`field setting-field${changed ? ' changed' : ''}`}
      data-testid={`field-${setting.key}`}
      data-changed={changed || undefined}
    >
      {setting.type === 'boolean' ? (
        <div className="switch-row">
          <label htmlFor={id}>{label}</label>
          <input
            {...common}
            type="checkbox"
            role="switch"
            className="switch"
            checked={props.input === true}
            aria-checked={props.input === true}
            onChange={(event) => props.onChange(event.target.checked)}
          />
        </div>
      ) : (
        <label htmlFor={id}>{label}</label>
      )}
      {help && (
        <span id={helpId} className="hint">
          {help}
        </span>
      )}
      {props.warning && (
        <span id={warningId} className="hint setting-warning">
          {props.warning}
        </span>
      )}
      <Control {...props} common={common} />
      {props.source?.error && (
        <div className="row picker-error" role="alert">
          <span className="error">{props.source.error}</span>
          <button type="button" className="button" onClick={props.source.retry}>
            {common_('retry')}
          </button>
        </div>
      )}
      <p id={errorId} className="error" aria-live="polite">
        {error}
      </p>
    </div>
  );
}

function Control({
  setting,
  label,
  input,
  source,
  onChange,
  common,
}: SettingFieldProps & { common: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true } }) {
  const t = useMessages(settingsMessages);
  const value = String(input);
  switch (setting.type) {
    case 'boolean':
      return null;
    case 'integer':
    case 'number':
      return (
        <input
          {...common}
          type="number"
          inputMode={setting.type === 'integer' ? 'numeric' : 'decimal'}
          min={setting.min ?? undefined}
          max={setting.max ?? undefined}
          step={setting.step ?? 'any'}
          value={value}
          onChange={(event) => onChange(event.target.value, event.target.validity.badInput)}
        />
      );
    case 'enum': {
      const values = setting.values ?? [];
      const names = values.every(isLocale) ? LOCALE_NAMES : null;
      return (
        <select {...common} value={value} onChange={(event) => onChange(event.target.value)}>
          {setting.nullable && <option value="">{t('none')}</option>}
          {!values.includes(value) && value !== '' && <option value={value}>{value}</option>}
          {values.map((option) => (
            <option key={option} value={option}>
              {names && isLocale(option) ? names[option] : option}
            </option>
          ))}
        </select>
      );
    }
    case 'string':
      if (setting.picker)
        return (
          <Picker {...common} value={value} source={source} nullable={setting.nullable} onChange={onChange} />
        );
      if (setting.format === 'color') {
        const valid = /^#[0-9a-fA-F]{6}$/.test(value);
        return (
          <div className="row color-row">
            <input
              type="color"
              aria-label={t('pickColor', { label })}
              value={valid ? value.toLowerCase() : '#000000'}
              onChange={(event) => onChange(event.target.value.toUpperCase())}
            />
            <input
              {...common}
              type="text"
              spellCheck={false}
              autoComplete="off"
              value={value}
              onChange={(event) => onChange(event.target.value)}
            />
          </div>
        );
      }
      return (
        <input {...common} type="text" value={value} onChange={(event) => onChange(event.target.value)} />
      );
  }
}

function Picker({
  value,
  source,
  nullable,
  onChange,
  ...common
}: {
  id: string;
  value: string;
  source: PickerSource | null;
  nullable: boolean;
  onChange(input: InputValue): void;
}) {
  const t = useMessages(settingsMessages);
  const options = source?.options ?? [];
  const known = value === '' || options.some((option) => option.value === value);
  const groups = new Map<string | null, PickerOption[]>();
  for (const option of options) groups.set(option.group, [...(groups.get(option.group) ?? []), option]);
  return (
    <select
      {...common}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      aria-busy={!source?.options && !source?.error}
    >
      {(nullable || value === '') && <option value="">{t('none')}</option>}
      {!known && <option value={value}>{t('unknownOption', { id: value })}</option>}
      {[...groups].map(([group, members]) =>
        group === null ? (
          members.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))
        ) : (
          <optgroup key={group} label={group}>
            {members.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </optgroup>
        ),
      )}
    </select>
  );
}
