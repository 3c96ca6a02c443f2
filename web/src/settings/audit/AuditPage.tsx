import { type FormEvent, useMemo, useRef, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import type { AuditLogEntry } from '../../../../src/settings/contract.ts';
import { useMemberNames } from '../../api/index.ts';
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
import { auditActionMessages, auditMessages } from './messages.ts';
import { useAuditLog } from './queries.ts';
import './audit.css';

type Key = keyof (typeof auditMessages)['en'];
const SNOWFLAKE = /^\d{15,21}$/;
const MENTIONED_ID = /(^|\D)\d{15,21}(\D|$)/;
type ActionKey = keyof (typeof auditActionMessages)['en'];
/** The panel's player and playlist actions (`music.skip`, `playlist.rename`…), by their names. */
const PANEL_ACTIONS = Object.keys(auditActionMessages.en).filter((key) => key.includes('.')) as ActionKey[];
/** What the api writes today; the action filter offers these and those seen in the log. */
const KNOWN_ACTIONS = ['settings.update', ...PANEL_ACTIONS];
const ACTION_LABELS: Record<string, Key> = { 'settings.update': 'actionSettingsUpdate' };

/** An action's name in the reader's language; an action this page does not know keeps its key. */
function useActionName(): (action: string) => string | null {
  const t = useMessages(auditMessages);
  const a = useMessages(auditActionMessages);
  return (action) => {
    const settingsKey = ACTION_LABELS[action];
    if (settingsKey) return t(settingsKey);
    return (PANEL_ACTIONS as string[]).includes(action) ? a(action as ActionKey) : null;
  };
}

/** A person the filter offers: their id and the name to show. */
interface Person {
  id: string;
  name: string;
}

/**
 * Everyone the log has shown on this page (kept while filters change, so the list does not
 * shrink to the one person filtered by), named by their panel name, else their server name.
 */
function usePeople(guildId: string, entries: AuditLogEntry[], filteredActor: string): Person[] {
  const seen = useRef(new Map<string, string | null>());
  for (const entry of entries) {
    if (entry.actorId && (entry.actorName || !seen.current.has(entry.actorId))) {
      seen.current.set(entry.actorId, entry.actorName);
    }
  }
  if (filteredActor && !seen.current.has(filteredActor)) seen.current.set(filteredActor, null);
  const unnamed = [...seen.current].filter(([, name]) => name === null).map(([id]) => id);
  const members = useMemberNames(guildId, unnamed);
  return [...seen.current]
    .map(([id, name]) => ({ id, name: name ?? members.get(id)?.displayName ?? id }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
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
  const people = usePeople(guildId, entries, actor);
  const peopleNames = useMemo(() => new Map(people.map((person) => [person.id, person.name])), [people]);
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
        people={people}
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
                      actorName={entry.actorId ? (peopleNames.get(entry.actorId) ?? null) : null}
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
  people: Person[];
  onApply(filters: { action: string; actor: string }): void;
}) {
  const t = useMessages(auditMessages);
  const a = useMessages(auditActionMessages);
  const actionName = useActionName();
  const [action, setAction] = useState(props.action);
  const [actor, setActor] = useState(props.actor);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onApply({ action, actor });
  };
  const actions = props.actions
    .map((key) => ({ key, name: actionName(key) ?? key }))
    .sort((x, y) => x.name.localeCompare(y.name));
  return (
    <form className="card audit-filters" onSubmit={submit} aria-label={t('filters')}>
      <div className="field">
        <label htmlFor="audit-action">{t('action')}</label>
        <select id="audit-action" value={action} onChange={(event) => setAction(event.target.value)}>
          <option value="">{a('allActions')}</option>
          {actions.map(({ key, name }) => (
            <option key={key} value={key}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-actor">{a('person')}</label>
        <select
          id="audit-actor"
          value={actor}
          aria-describedby="audit-actor-hint"
          onChange={(event) => setActor(event.target.value)}
        >
          <option value="">{a('everyone')}</option>
          {props.people.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </select>
        <span id="audit-actor-hint" className="hint">
          {a('personHint')}
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
  actorName,
  onlyActor,
  showActorFilter,
}: {
  entry: AuditLogEntry;
  now: number;
  names: Map<string, string>;
  /** The actor's name when the log has none (looked up in the server). */
  actorName: string | null;
  onlyActor(id: string): void;
  showActorFilter: boolean;
}) {
  const t = useMessages(auditMessages);
  const format = useFormat();
  const actionName = useActionName()(entry.action);
  const targetKey = entry.target ? TARGET_LABELS[entry.target] : undefined;
  const who = entry.actorName ?? actorName ?? entry.actorId ?? t('system');
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
        {actionName ? <span title={entry.action}>{actionName}</span> : <code>{entry.action}</code>}
      </td>
      <td data-label={t('target')}>
        {targetKey ? t(targetKey) : entry.target ? (names.get(entry.target) ?? entry.target) : '—'}
      </td>
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
  const a = useMessages(auditActionMessages);
  const fields = fieldChanges(changes);
  const details = fields ? null : detailsOf(changes);
  if (details) {
    return (
      <ul className="audit-changes">
        {details.map(([field, value]) => (
          <li key={field}>
            <span className="audit-field">{detailLabel(a, field)}</span>{' '}
            <span className="audit-after">{showDetail(value, names, format.number)}</span>
          </li>
        ))}
      </ul>
    );
  }
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

/** A panel action's details (`{ title, volume, voiceChannelId… }`), owner ids left out; null when not an object. */
function detailsOf(changes: unknown): [string, unknown][] | null {
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) return null;
  const entries = Object.entries(changes).filter(([key]) => key !== 'ownerId');
  return entries.length > 0 ? entries : null;
}

const DETAIL_LABELS: Record<string, keyof (typeof auditActionMessages)['en']> = {
  title: 'detailTitle',
  titles: 'detailTitles',
  query: 'detailQuery',
  volume: 'detailVolume',
  voiceChannelId: 'detailVoiceChannelId',
  position: 'detailPosition',
  from: 'detailFrom',
  to: 'detailTo',
  name: 'detailName',
};

function detailLabel(a: Translate<keyof (typeof auditActionMessages)['en']>, field: string): string {
  const key = DETAIL_LABELS[field];
  return key ? a(key) : field;
}

function showDetail(value: unknown, names: Map<string, string>, number: (n: number) => string): string {
  if (Array.isArray(value)) return value.map((item) => showDetail(item, names, number)).join(', ');
  if (typeof value === 'number') return number(value);
  if (typeof value === 'string') return names.get(value) ?? value;
  if (typeof value === 'object' && value !== null && 'before' in value && 'after' in value) {
    return `${showDetail(value.before, names, number)} → ${showDetail(value.after, names, number)}`;
  }
  return JSON.stringify(value);
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
  // An id in the changes (a DJ role, a summon's channel) or as the target.
  const mentionsIds = entries.some((entry) =>
    MENTIONED_ID.test(`${entry.target ?? ''} ${JSON.stringify(entry.changes)}`),
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
