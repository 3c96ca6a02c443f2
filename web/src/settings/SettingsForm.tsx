import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useBlocker } from 'react-router';
import { toast } from 'sonner';
import type { GuildChannel } from '../../../src/gateway/contract.ts';
import type { SettingDescriptor, SettingsUpdateReply } from '../../../src/settings/contract.ts';
import { ApiError, api, keys } from '../api/index.ts';
import { commonMessages, errorText } from '../components/index.ts';
import { type Formatters, type Translate, useFormat, useLocale, useMessages } from '../i18n/index.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import {
  type Draft,
  differingKeys,
  draftOf,
  type GuildSettings,
  type InputValue,
  isChanged,
  mergeRemote,
  type Parsed,
  type Problem,
  parseInput,
  settingLabel,
  settingText,
} from './form-model.ts';
import { settingsMessages } from './messages.ts';
import { useGuildChannels, useGuildRoles, useGuildSettings } from './queries.ts';
import { fieldId, type PickerOption, type PickerSource, SettingField } from './SettingField.tsx';

type Key = keyof (typeof settingsMessages)['en'];

/** Why the last save did not happen: fields to fix first, or the server's refusal. */
type Summary =
  | { kind: 'client'; keys: string[] }
  | { kind: 'server'; issues: { path: string; message: string }[]; message: string | null };

export interface SettingsFormProps {
  guildId: string;
  schema: SettingDescriptor[];
  initial: GuildSettings;
}

/**
 * The settings, as a form generated from the schema: checked as you type, saved as a PATCH of
 * the changed fields only, kept when the server refuses them, guarded against leaving unsaved,
 * and following changes made elsewhere (the event stream updates the settings query).
 */
export function SettingsForm({ guildId, schema, initial }: SettingsFormProps) {
  const t = useMessages(settingsMessages);
  const common = useMessages(commonMessages);
  const { locale } = useLocale();
  const format = useFormat();
  const client = useQueryClient();
  const remote = useGuildSettings(guildId).data;
  const [baseline, setBaseline] = useState<GuildSettings>(initial);
  const [draft, setDraft] = useState<Draft>(() => draftOf(schema, initial));
  const [badInput, setBadInput] = useState<Record<string, boolean>>({});
  const [serverIssues, setServerIssues] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<Summary | null>(null);
  const [changedElsewhere, setChangedElsewhere] = useState<string[]>([]);
  const [updatedElsewhere, setUpdatedElsewhere] = useState<string[]>([]);
  const labelOf = (key: string) => settingLabel(locale, key);

  const parsed = useMemo(() => {
    const result: Record<string, Parsed> = {};
    for (const setting of schema) {
      result[setting.key] = parseInput(setting, draft[setting.key] ?? '', badInput[setting.key]);
    }
    return result;
  }, [schema, draft, badInput]);
  const changedKeys = schema
    .filter((s) => badInput[s.key] || isChanged(s, draft[s.key] ?? '', baseline[s.key]))
    .map((s) => s.key);
  const dirty = changedKeys.length > 0;

  const save = useMutation({
    mutationFn: (patch: GuildSettings) =>
      api<SettingsUpdateReply>('PATCH', `/api/guilds/${guildId}/settings`, patch),
    onSuccess: ({ settings, changed }) => {
      client.setQueryData(keys.guildPart(guildId, 'settings'), settings);
      void client.invalidateQueries({ queryKey: keys.guildPart(guildId, 'audit') });
      setBaseline(settings);
      setDraft(draftOf(schema, settings));
      setBadInput({});
      setServerIssues({});
      setSummary(null);
      setChangedElsewhere([]);
      if (changed.length > 0) toast.success(t('saved', { fields: changed.map(labelOf).join(', ') }));
      else toast.info(t('savedNothing'));
    },
    onError: (error) => {
      const issues = error instanceof ApiError ? error.fieldIssues : [];
      setServerIssues(Object.fromEntries(issues.map((issue) => [issue.path, issue.message])));
      setSummary({
        kind: 'server',
        issues,
        message: issues.length > 0 ? null : errorText(error, common('networkError')),
      });
      focusSummary();
    },
  });

  // The server's settings changed (the event stream, or a refetch) and it wasn't this form's save.
  useEffect(() => {
    if (!remote || save.isPending) return;
    const changed = differingKeys(schema, baseline, remote);
    if (changed.length === 0) return;
    if (dirty) {
      setDraft((current) => mergeRemote(schema, current, baseline, remote));
      setChangedElsewhere((seen) => [...new Set([...seen, ...changed])]);
    } else {
      setDraft(draftOf(schema, remote));
      setUpdatedElsewhere(changed);
    }
    setBaseline(remote);
  }, [remote, save.isPending, schema, baseline, dirty]);

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers ask only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const sources = usePickerSources(guildId, schema, t, common('networkError'));

  const change = (key: string, input: InputValue, bad = false) => {
    setDraft((current) => ({ ...current, [key]: input }));
    setBadInput((current) => ({ ...current, [key]: bad }));
    setServerIssues(({ [key]: _gone, ...rest }) => rest);
    setUpdatedElsewhere([]);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!dirty || save.isPending) return;
    const invalid = changedKeys.filter((key) => !parsed[key]?.ok);
    if (invalid.length > 0) {
      setSummary({ kind: 'client', keys: invalid });
      focusSummary();
      return;
    }
    const patch: GuildSettings = {};
    for (const key of changedKeys) {
      const result = parsed[key];
      if (result?.ok) patch[key] = result.value;
    }
    setSummary(null);
    save.mutate(patch);
  };

  const reset = () => {
    setDraft(draftOf(schema, baseline));
    setBadInput({});
    setServerIssues({});
    setSummary(null);
    setChangedElsewhere([]);
  };

  const errorOf = (key: string): string | null => {
    const result = parsed[key];
    if (result && !result.ok && changedKeys.includes(key)) return problemText(t, result.problem, format);
    return serverIssues[key] ?? null;
  };

  return (
    <form className="stack settings-form" onSubmit={submit} noValidate aria-labelledby="settings-title">
      {summary && (
        <div className="card settings-summary" role="alert" tabIndex={-1} id="settings-summary">
          <strong>
            {summary.kind === 'client'
              ? t('fixFields')
              : summary.issues.length > 0
                ? t('serverRefused')
                : t('saveFailed')}
          </strong>
          {summary.kind === 'server' && summary.message && <p>{summary.message}</p>}
          <ul>
            {(summary.kind === 'client'
              ? summary.keys.map((key) => ({ path: key, message: errorOf(key) ?? '' }))
              : summary.issues
            ).map((issue) => (
              <li key={issue.path}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => document.getElementById(fieldId(issue.path))?.focus()}
                >
                  {labelOf(issue.path)}
                </button>
                : {issue.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {changedElsewhere.length > 0 && (
        <div className="card settings-notice" role="status" data-testid="changed-elsewhere">
          <p>{t('changedElsewhere', { fields: changedElsewhere.map(labelOf).join(', ') })}</p>
          <div className="row">
            <button type="button" className="button" onClick={reset}>
              {t('showTheirs')}
            </button>
            <button type="button" className="button" onClick={() => setChangedElsewhere([])}>
              {t('dismiss')}
            </button>
          </div>
        </div>
      )}
      <div className="settings-grid">
        {schema.map((setting) => (
          <SettingField
            key={setting.key}
            setting={setting}
            label={labelOf(setting.key)}
            help={settingText(locale, setting.key, 'help')}
            warning={setting.inactive ? t(`inactive.${setting.inactive}`) : null}
            input={draft[setting.key] ?? ''}
            error={errorOf(setting.key)}
            changed={changedKeys.includes(setting.key)}
            source={setting.picker ? (sources[setting.picker] ?? null) : null}
            onChange={(input, bad) => change(setting.key, input, bad)}
          />
        ))}
      </div>
      <div className={`settings-actions card${dirty ? ' dirty' : ''}`}>
        <p className="muted" role="status" data-testid="settings-status">
          {dirty ? t('unsaved', { count: changedKeys.length }) : t('noChanges')}
          {!dirty && updatedElsewhere.length > 0 && (
            <> · {t('updatedElsewhere', { fields: updatedElsewhere.map(labelOf).join(', ') })}</>
          )}
        </p>
        <div className="row">
          <button type="button" className="button" onClick={reset} disabled={!dirty || save.isPending}>
            {t('reset')}
          </button>
          <button
            type="submit"
            className="button primary"
            disabled={!dirty || save.isPending}
            aria-busy={save.isPending}
          >
            {save.isPending ? t('saving') : t('save')}
          </button>
        </div>
      </div>
      <ConfirmDialog
        open={blocker.state === 'blocked'}
        title={t('leaveTitle')}
        text={t('leaveText')}
        confirmLabel={t('leave')}
        cancelLabel={t('stay')}
        onConfirm={() => blocker.proceed?.()}
        onCancel={() => blocker.reset?.()}
      />
    </form>
  );
}

function focusSummary() {
  // After React has rendered the summary.
  requestAnimationFrame(() => document.getElementById('settings-summary')?.focus());
}

export function problemText(t: Translate<Key>, problem: Problem, format: Formatters): string {
  switch (problem.kind) {
    case 'required':
      return t('errorRequired');
    case 'integer':
      return t('errorInteger');
    case 'number':
      return t('errorNumber');
    case 'min':
      return t('errorMin', { min: format.number(problem.min) });
    case 'max':
      return t('errorMax', { max: format.number(problem.max) });
    case 'step':
      return t('errorStep', { step: format.number(problem.step) });
    case 'color':
      return t('errorColor');
    case 'pattern':
      return t('errorPattern');
    case 'maxLength':
      return t('errorMaxLength', { max: problem.max });
    case 'choice':
      return t('errorChoice');
  }
}

/**
 * The pickers' options: the roles and the channels are fetched once for the whole page (and
 * only when some setting picks one), then shared by every picker of that kind.
 */
function usePickerSources(
  guildId: string,
  schema: SettingDescriptor[],
  t: Translate<Key>,
  networkText: string,
): Partial<Record<NonNullable<SettingDescriptor['picker']>, PickerSource>> {
  const pickers = new Set(schema.map((setting) => setting.picker).filter(Boolean));
  const roles = useGuildRoles(guildId, pickers.has('role'));
  const channels = useGuildChannels(
    guildId,
    pickers.has('textChannel') || pickers.has('voiceChannel') || pickers.has('category'),
  );
  return useMemo(() => {
    const failure = (error: unknown, key: Key) =>
      error ? t(key, { reason: errorText(error, networkText) }) : null;
    const roleSource: PickerSource = {
      options:
        roles.data
          ?.filter((role) => role.id !== guildId) // @everyone: a DJ role everyone holds means nothing.
          .map((role) => ({ value: role.id, label: role.name, group: null })) ?? null,
      error: roles.data ? null : failure(roles.error, 'rolesFailed'),
      retry: () => void roles.refetch(),
    };
    const channelSource = (type: GuildChannel['type'], groupByCategory: boolean): PickerSource => ({
      options: channels.data
        ? channelOptions(channels.data, type, groupByCategory, t('uncategorised'))
        : null,
      error: channels.data ? null : failure(channels.error, 'channelsFailed'),
      retry: () => void channels.refetch(),
    });
    return {
      role: roleSource,
      textChannel: channelSource('text', true),
      voiceChannel: channelSource('voice', true),
      category: channelSource('category', false),
    };
  }, [
    roles.data,
    roles.error,
    roles.refetch,
    channels.data,
    channels.error,
    channels.refetch,
    guildId,
    t,
    networkText,
  ]);
}

function channelOptions(
  channels: GuildChannel[],
  type: GuildChannel['type'],
  groupByCategory: boolean,
  uncategorised: string,
): PickerOption[] {
  const categories = new Map(channels.filter((c) => c.type === 'category').map((c) => [c.id, c]));
  const groupOf = (channel: GuildChannel) => {
    if (!groupByCategory) return null;
    const parent = channel.parentId ? categories.get(channel.parentId) : undefined;
    return parent ? parent.name : uncategorised;
  };
  const order = (channel: GuildChannel) => {
    const parent = channel.parentId ? categories.get(channel.parentId) : undefined;
    return [parent ? parent.position : -1, channel.position] as const;
  };
  return channels
    .filter((channel) => channel.type === type)
    .sort((a, b) => {
      const [pa, ca] = order(a);
      const [pb, cb] = order(b);
      return pa - pb || ca - cb;
    })
    .map((channel) => ({
      value: channel.id,
      label: type === 'text' ? `#${channel.name}` : channel.name,
      group: groupOf(channel),
    }));
}
