import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { toast } from 'sonner';
import type { PanelSession, PanelSessionList, PanelUser } from '../../../../src/api/contract.ts';
import { api, discordImage, get, keys, logout, useMe } from '../../api/index.ts';
import { ErrorState, Loading, PageHeader, useNow } from '../../components/index.ts';
import { isLocale, LOCALE_NAMES, LOCALES, useFormat, useLocale, useMessages } from '../../i18n/index.ts';
import { type ThemeChoice, useTheme } from '../../theme/theme.tsx';
import { accountMessages } from './messages.ts';
import { describeUserAgent } from './user-agent.ts';
import './account.css';

const sessionsKey = [...keys.me, 'sessions'] as const;

/** `/account`: who you are, your language and theme, and the browsers logged in as you. */
export default function AccountPage() {
  const t = useMessages(accountMessages);
  const me = useMe();
  const user = me.data?.user;
  return (
    <div className="stack account-page">
      <PageHeader title={t('title')} />
      {user ? <Profile user={user} /> : <Loading />}
      <Preferences />
      <Sessions />
    </div>
  );
}

function Profile({ user }: { user: PanelUser }) {
  const t = useMessages(accountMessages);
  const avatar = discordImage('avatars', user.id, user.avatar, 128);
  const name = user.globalName ?? user.username;
  return (
    <section className="card row account-profile" aria-label={name}>
      {avatar ? (
        <img className="avatar account-avatar" src={avatar} alt="" width={64} height={64} />
      ) : (
        <span className="avatar account-avatar" aria-hidden="true">
          {name.slice(0, 1).toUpperCase()}
        </span>
      )}
      <div className="account-names">
        <strong className="account-name" data-testid="account-name">
          {name}
        </strong>
        <span className="muted">@{user.username}</span>
        <span className="muted account-id">{t('discordId', { id: user.id })}</span>
      </div>
    </section>
  );
}

function Preferences() {
  const t = useMessages(accountMessages);
  const { locale, setLocale } = useLocale();
  const { choice, setChoice } = useTheme();
  const [saved, setSaved] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  const changeLocale = async (value: string) => {
    if (!isLocale(value)) return;
    setSaved('saving');
    try {
      await setLocale(value, { saveToProfile: true });
      setSaved('saved');
    } catch {
      setSaved('failed');
      toast.error(t('languageFailed'));
    }
  };
  const themes: { value: ThemeChoice; label: string }[] = [
    { value: 'system', label: t('themeSystem') },
    { value: 'light', label: t('themeLight') },
    { value: 'dark', label: t('themeDark') },
  ];
  return (
    <section className="card stack" aria-labelledby="preferences-title">
      <h2 id="preferences-title">{t('preferences')}</h2>
      <div className="field">
        <label htmlFor="account-language">{t('language')}</label>
        <select
          id="account-language"
          value={locale}
          aria-describedby="account-language-hint account-language-status"
          onChange={(event) => void changeLocale(event.target.value)}
        >
          {LOCALES.map((code) => (
            <option key={code} value={code} lang={code}>
              {LOCALE_NAMES[code]}
            </option>
          ))}
        </select>
        <span id="account-language-hint" className="hint">
          {t('languageHint')}
        </span>
        <span id="account-language-status" role="status" className="hint" data-testid="language-status">
          {saved === 'saved' ? t('languageSaved') : saved === 'failed' ? t('languageFailed') : ''}
        </span>
      </div>
      <fieldset className="account-theme">
        <legend>{t('theme')}</legend>
        <div className="row">
          {themes.map((theme) => (
            <label key={theme.value} className="account-theme-option">
              <input
                type="radio"
                name="theme"
                value={theme.value}
                checked={choice === theme.value}
                onChange={() => setChoice(theme.value)}
              />
              {theme.label}
            </label>
          ))}
        </div>
        <span className="hint">{t('themeHint')}</span>
      </fieldset>
    </section>
  );
}

function Sessions() {
  const t = useMessages(accountMessages);
  const client = useQueryClient();
  const sessions = useQuery({
    queryKey: sessionsKey,
    // This device first, then the others as the api orders them (most recently active first).
    queryFn: async () =>
      (await get<PanelSessionList>('/api/auth/sessions')).sessions.sort(
        (a, b) => Number(b.current) - Number(a.current),
      ),
  });
  const revoke = useMutation({
    mutationFn: (ids: string[]) =>
      Promise.all(ids.map((id) => api('DELETE', `/api/auth/sessions/${encodeURIComponent(id)}`))),
    onSuccess: (_done, ids) => {
      toast.success(ids.length === 1 ? t('revoked') : t('revokedOthers', { count: ids.length }));
    },
    onError: () => toast.error(t('revokeFailed')),
    onSettled: () => client.invalidateQueries({ queryKey: sessionsKey }),
  });
  const endThisSession = async () => {
    try {
      await logout();
    } catch {
      toast.error(t('logoutFailed'));
      return;
    }
    client.setQueryData(keys.me, null);
    client.removeQueries({ queryKey: keys.guilds });
    client.removeQueries({ queryKey: sessionsKey });
  };
  const others = sessions.data?.filter((session) => !session.current) ?? [];
  return (
    <section className="card stack" aria-labelledby="sessions-title">
      <div>
        <h2 id="sessions-title">{t('sessions')}</h2>
        <p className="muted">{t('sessionsIntro')}</p>
      </div>
      {sessions.data ? (
        <>
          <ul className="list account-sessions" data-testid="sessions">
            {sessions.data.map((session) => (
              <SessionItem
                key={session.id}
                session={session}
                busy={revoke.isPending && revoke.variables?.includes(session.id)}
                onRevoke={() => revoke.mutate([session.id])}
                onLogout={() => void endThisSession()}
              />
            ))}
          </ul>
          {others.length > 1 && (
            <div className="row">
              <button
                type="button"
                className="button danger"
                disabled={revoke.isPending}
                onClick={() => revoke.mutate(others.map((session) => session.id))}
              >
                {t('revokeOthers')}
              </button>
            </div>
          )}
        </>
      ) : sessions.error ? (
        <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <Loading />
      )}
    </section>
  );
}

function SessionItem({
  session,
  busy,
  onRevoke,
  onLogout,
}: {
  session: PanelSession;
  busy: boolean | undefined;
  onRevoke(): void;
  onLogout(): void;
}) {
  const t = useMessages(accountMessages);
  const format = useFormat();
  const now = useNow(30_000);
  const agent = describeUserAgent(session.userAgent);
  const device = agent ? t('deviceOn', agent) : t('unknownDevice');
  const lastSeen = format.relative(session.lastSeenAt, Math.max(now, Date.parse(session.lastSeenAt)));
  return (
    <li className="account-session" data-testid="session" data-current={session.current || undefined}>
      <div className="account-session-main">
        <div className="row">
          <strong title={session.userAgent ?? undefined}>{device}</strong>
          {session.current && <span className="badge live">{t('thisDevice')}</span>}
        </div>
        <dl className="account-session-times">
          <div>
            <dt>{t('created')}</dt>
            <dd>
              <time dateTime={session.createdAt}>{format.dateTime(session.createdAt)}</time>
            </dd>
          </div>
          <div>
            <dt>{t('lastSeen')}</dt>
            <dd>
              <time dateTime={session.lastSeenAt} title={format.dateTime(session.lastSeenAt)}>
                {lastSeen}
              </time>
            </dd>
          </div>
          <div>
            <dt>{t('expires')}</dt>
            <dd>
              <time dateTime={session.expiresAt}>{format.dateTime(session.expiresAt)}</time>
            </dd>
          </div>
        </dl>
      </div>
      {session.current ? (
        <button type="button" className="button" onClick={onLogout}>
          {t('logout')}
        </button>
      ) : (
        <button
          type="button"
          className="button danger"
          disabled={busy}
          aria-label={t('revokeLabel', { device, when: lastSeen })}
          onClick={onRevoke}
        >
          {t('revoke')}
        </button>
      )}
    </li>
  );
}
