import { Link, useSearchParams } from 'react-router';
import { useMe, useMeta } from '../../api/index.ts';
import { useMessages } from '../../i18n/index.ts';
import { landingMessages } from './messages.ts';

const LOGIN_ERRORS = {
  denied: 'loginErrorDenied',
  state_mismatch: 'loginErrorState',
  exchange_failed: 'loginErrorExchange',
  discord_unavailable: 'loginErrorUnavailable',
} as const;

/** The first page: what Gramophone is, and the ways in (login, invite, sandbox). Kept light: it is in the first chunk. */
export function Landing() {
  const t = useMessages(landingMessages);
  const meta = useMeta();
  const me = useMe();
  const [params] = useSearchParams();
  const loginError = params.get('login_error');
  const reason =
    loginError && loginError in LOGIN_ERRORS
      ? t(LOGIN_ERRORS[loginError as keyof typeof LOGIN_ERRORS])
      : loginError;
  return (
    <div className="stack">
      <section className="card" style={{ padding: '2rem' }}>
        <h1 style={{ fontSize: '2rem' }}>Gramophone</h1>
        <p style={{ fontSize: '1.2rem' }}>{t('tagline')}</p>
        <p className="muted">{t('intro')}</p>
        {reason && (
          <p role="alert" className="state error" style={{ padding: '0.75rem' }}>
            {t('loginError', { reason })}
          </p>
        )}
        <div className="row" style={{ marginTop: '1rem' }}>
          {me.data ? (
            <Link className="button primary" to="/servers">
              {t('openServers')}
            </Link>
          ) : (
            meta.data?.loginEnabled && (
              <a className="button primary" href="/api/auth/discord/login">
                {t('login')}
              </a>
            )
          )}
          {meta.data?.inviteUrl && (
            <a className="button" href={meta.data.inviteUrl}>
              {t('invite')}
            </a>
          )}
          {meta.data?.sandbox && (
            <Link className="button" to="/sandbox">
              {t('trySandbox')}
            </Link>
          )}
        </div>
        {meta.data?.sandbox && <p className="muted">{t('sandboxNote')}</p>}
      </section>
      <section className="grid" aria-label="Features">
        <div className="card">
          <h2>{t('featureMusic')}</h2>
          <p className="muted">{t('featureMusicText')}</p>
        </div>
        <div className="card">
          <h2>{t('featurePanel')}</h2>
          <p className="muted">{t('featurePanelText')}</p>
        </div>
        <div className="card">
          <h2>{t('featureHistory')}</h2>
          <p className="muted">{t('featureHistoryText')}</p>
        </div>
      </section>
    </div>
  );
}
