import type { ReactNode } from 'react';
import { useMe, useMeta } from '../api/index.ts';
import { ErrorState, Loading } from '../components/index.ts';
import { useMessages } from '../i18n/index.ts';
import { shellMessages } from './messages.ts';

/** Pages behind a login: without a session they offer the login instead. */
export function RequireLogin({ children }: { children: ReactNode }) {
  const me = useMe();
  const meta = useMeta();
  const t = useMessages(shellMessages);
  if (me.isPending) return <Loading />;
  if (me.error) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data)
    return (
      <div className="state">
        <p>{t('loginRequired')}</p>
        {meta.data?.loginEnabled && (
          <a className="button primary" href="/api/auth/discord/login">
            {t('login')}
          </a>
        )}
      </div>
    );
  return <>{children}</>;
}
