import { type FormEvent, useMemo, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import type { AuditLogEntry } from '../../../../src/settings/contract.ts';
import { ErrorState, Loading, useNow } from '../../components/index.ts';
import {
  isLocale,
  LOCALE_NAMES,
  type Translate,
  useFormat,
  useLocale,
  useMessages,
} from '../../i18n/index.ts';
import { settingLabel } from '../form-model.ts';
import { useGuildChannels, useGuildRoles } from '../queries.ts';
import { auditMessages } from './messages.ts';
import { useAuditLog } from './queries.ts';
import './audit.css';

type Key = keyof (typeof auditMessages)['en'];
const SNOWFLAKE = /^\d{15,21}$/;
/** What the api writes today; the action filter suggests these and those seen in the log. */
const KNOWN_ACTIONS = ['settings.update'];
const ACTION_LABELS: Record<string, Key> = { 'settings.update': 'actionSettingsUpdate' };
const TARGET_LABELS: Record<string, Key> = { settings: 'targetSettings' };

/** `/servers/:guildId/audit`: the server's audit log, filtered through the URL, paged, live. */
export default function AuditPage() {
  const { guildId = '' } = useParams();
  const t = useMessages(auditMessages);
  const [params, setParams] = useSearchParams();
  const action = params.get('action') ?? '';
  const actorParam = params.get('actor') ?? '';
  const actor = SNOWFLAKE.test(actorParam) ? actorParam : '';
  const log = useAuditLog(guildId, { action, actor });
  const entries = useMemo(() => log.data?.pages.flatMap((page) => page.entries) ?? [], [log.data]);
  const names = useResourceNames(guildId, entries);
  const now = useNow(30_000);
  const filtered = action !== '' || actor !== '';

  const applyFilters = (next: { action: string; actor: string }) => {
    const search = new URLSearchParams();
    if (next.action) search.set('action', next.action);
    if (next.actor) search.set('actor', next.actor);
    setParams(search);
  };

  return (
    <section className="stack" aria-labelledby="audit-title">
      <div>
        <h2 id="audit-title">{t('title')}</h2>
        <p className="muted">{t('intro')}</p>
      </div>
      <AuditFilters
        key={`${action}|${actorParam}`}
        action={action}
        actor={actorParam}
        actions={[...new Set([...KNOWN_ACTIONS, ...entries.map((entry) => entry.action)])]}
        onApply={applyFilters}
      />
      {log.data ? (
        <>
          <p className="visually-hidden" role="status">
            {log.hasNextPage
              ? t('showing', { count: entries.length })
              : t('showingAll', { count: entries.length })}
          </p>
          {entries.length === 0 ? (
            <p className="card muted" data-testid="audit-empty">
              {filtered ? t('emptyFiltered') : t('empty')}
            </p>
          ) : (
            <div className="table-wrap card audit-card">
              <table className="audit-table" data-testid="audit-table">
                <caption className="visually-hidden">{t('title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('when')}</th>
                    <th scope="col">{t('who')}</th>
                    <th scope="col">{t('what')}</th>
                    <th scope="col">{t('target')}</th>
                    <th scope="col">{t('changes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((entry) => (
                    <AuditRow
                      key={entry.id}
                      entry={entry}
                      now={now}
                      names={names}
                      onlyActor={(id) => applyFilters({ action, actor: id })}
                      showActorFilter={actor === ''}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {log.isFetchNextPageError && (
            <ErrorState error={log.error} onRetry={() => void log.fetchNextPage()} />
          )}
          {log.hasNextPage && (
            <div className="row">
              <button
                type="button"
                className="button"
                onClick={() => void log.fetchNextPage()}
                disabled={log.isFetchingNextPage}
                aria-busy={log.isFetchingNextPage}
              >
                {log.isFetchingNextPage ? t('loadingMore') : t('loadMore')}
              </button>
            </div>
          )}
        </>
      ) : log.error ? (
        <ErrorState error={log.error} onRetry={() => void log.refetch()} />
      ) : (
        <Loading />
      )}
    </section>
  );
}

function AuditFilters(props: {
  action: string;
  actor: string;
  actions: string[];
  onApply(filters: { action: string; actor: string }): void;
}) {
  const t = useMessages(auditMessages);
  const [action, setAction] = useState(props.action);
  const [actor, setActor] = useState(props.actor);
  const actorInvalid = actor.trim() !== '' && !SNOWFLAKE.test(actor.trim());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (actorInvalid) {
      document.getElementById('audit-actor')?.focus();
      return;
    }
    props.onApply({ action: action.trim(), actor: actor.trim() });
  };
  return (
    <form className="card audit-filters" onSubmit={submit} aria-label={t('filters')} noValidate>
      <div className="field">
        <label htmlFor="audit-action">{t('action')}</label>
        <input
          id="audit-action"
          list="audit-actions"
          value={action}
          maxLength={64}
          autoComplete="off"
          aria-describedby="audit-action-hint"
          onChange={(event) => setAction(event.target.value)}
        />
        <datalist id="audit-actions">
          {props.actions.map((known) => (
            <option key={known} value={known} />
          ))}
        </datalist>
        <span id="audit-action-hint" className="hint">
          {t('actionHint')}
        </span>
      </div>
      <div className="field">
        <label htmlFor="audit-actor">{t('actor')}</label>
        <input
          id="audit-actor"
          value={actor}
          inputMode="numeric"
          autoComplete="off"
          aria-invalid={actorInvalid || undefined}
          aria-describedby="audit-actor-hint audit-actor-error"
          onChange={(event) => setActor(event.target.value)}
        />
        <span id="audit-actor-hint" className="hint">
          {t('actorHint')}
        </span>
        <span id="audit-actor-error" className="error" aria-live="polite">
          {actorInvalid ? t('actorInvalid') : ''}
        </span>
      </div>
      <div className="row audit-filter-actions">
        <button type="submit" className="button primary">
          {t('apply')}
        </button>
        <button
          type="button"
          className="button"
          disabled={props.action === '' && props.actor === '' && action === '' && actor === ''}
          onClick={() => {
            setAction('');
            setActor('');
            props.onApply({ action: '', actor: '' });
          }}
        >
          {t('clear')}
        </button>
      </div>
    </form>
  );
}

function AuditRow({
  entry,
  now,
  names,
  onlyActor,
  showActorFilter,
}: {
  entry: AuditLogEntry;
  now: number;
  names: Map<string, string>;
  onlyActor(id: string): void;
  showActorFilter: boolean;
}) {
  const t = useMessages(auditMessages);
  const format = useFormat();
  const actionKey = ACTION_LABELS[entry.action];
  const targetKey = entry.target ? TARGET_LABELS[entry.target] : undefined;
  const who = entry.actorName ?? entry.actorId ?? t('system');
  return (
    <tr data-testid="audit-entry">
      <td data-label={t('when')}>
        <time dateTime={entry.createdAt} title={format.dateTime(entry.createdAt)}>
          {/* The server's clock may run a little ahead: an entry is never "in 1 second". */}
          {format.relative(entry.createdAt, Math.max(now, Date.parse(entry.createdAt)))}
        </time>
      </td>
      <td data-label={t('who')}>
        <span title={entry.actorId ?? undefined}>{who}</span>
        {entry.actorId && showActorFilter && (
          <button
            type="button"
            className="link-button audit-only"
            onClick={() => entry.actorId && onlyActor(entry.actorId)}
          >
            {t('onlyThisPerson', { name: who })}
          </button>
        )}
      </td>
      <td data-label={t('what')}>
        {actionKey ? <span title={entry.action}>{t(actionKey)}</span> : <code>{entry.action}</code>}
      </td>
      <td data-label={t('target')}>{targetKey ? t(targetKey) : (entry.target ?? '—')}</td>
      <td data-label={t('changes')}>
        <Changes changes={entry.changes} names={names} t={t} />
      </td>
    </tr>
  );
}

/** `{ field: { before, after } }` as "label: before → after" lines; anything else as JSON. */
function Changes({ changes, names, t }: { changes: unknown; names: Map<string, string>; t: Translate<Key> }) {
  const { locale } = useLocale();
  const format = useFormat();
  const fields = fieldChanges(changes);
  if (!fields) return <code className="audit-json">{JSON.stringify(changes)}</code>;
  const show = (value: unknown): string => {
    if (value === null || value === undefined) return t('none');
    if (typeof value === 'boolean') return value ? t('on') : t('off');
    if (typeof value === 'number') return format.number(value);
    if (typeof value === 'string') return names.get(value) ?? (isLocale(value) ? LOCALE_NAMES[value] : value);
    return JSON.stringify(value);
  };
  return (
    <ul className="audit-changes">
      {fields.map(([field, change]) => (
        <li key={field}>
          <span className="audit-field">{settingLabel(locale, field)}</span>{' '}
          <span className="visually-hidden">{t('from')} </span>
          <span className="audit-before">{show(change.before)}</span>
          <span aria-hidden="true"> → </span>
          <span className="visually-hidden"> {t('to')} </span>
          <span className="audit-after">{show(change.after)}</span>
        </li>
      ))}
    </ul>
  );
}

function fieldChanges(changes: unknown): [string, { before: unknown; after: unknown }][] | null {
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) return null;
  const entries = Object.entries(changes);
  const isChange = (value: unknown): value is { before: unknown; after: unknown } =>
    typeof value === 'object' && value !== null && 'before' in value && 'after' in value;
  return entries.length > 0 && entries.every(([, value]) => isChange(value))
    ? (entries as [string, { before: unknown; after: unknown }][])
    : null;
}

/**
 * Names for the role and channel ids the entries mention (a DJ role, an announcement channel),
 * fetched only when an entry mentions an id; an id stays an id when they can't be loaded.
 */
function useResourceNames(guildId: string, entries: AuditLogEntry[]): Map<string, string> {
  const mentionsIds = entries.some((entry) =>
    (fieldChanges(entry.changes) ?? []).some(
      ([, change]) =>
        (typeof change.before === 'string' && SNOWFLAKE.test(change.before)) ||
        (typeof change.after === 'string' && SNOWFLAKE.test(change.after)),
    ),
  );
  const roles = useGuildRoles(guildId, mentionsIds);
  const channels = useGuildChannels(guildId, mentionsIds);
  return useMemo(() => {
    const names = new Map<string, string>();
    for (const role of roles.data ?? []) names.set(role.id, `@${role.name}`);
    for (const channel of channels.data ?? []) {
      names.set(channel.id, channel.type === 'text' ? `#${channel.name}` : channel.name);
    }
    return names;
  }, [roles.data, channels.data]);
}
