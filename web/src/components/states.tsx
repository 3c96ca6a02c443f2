import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import { useMessages } from '../i18n/index.ts';
import { commonMessages } from './messages.ts';

export function Loading({ label }: { label?: string }) {
  const t = useMessages(commonMessages);
  return (
    <div className="state" role="status" aria-live="polite">
      <div className="spinner" aria-hidden="true" />
      <p className="muted">{label ?? t('loading')}</p>
    </div>
  );
}

/** The api's message for an error (its own words are English; the code is shown for support). */
export function errorText(error: unknown, networkText: string): string {
  if (error instanceof ApiError)
    return error.code === 'NETWORK' ? networkText : `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}

/** A page or card whose data failed to load: says so, says why, and offers a retry. */
export function ErrorState({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  const t = useMessages(commonMessages);
  return (
    <div className="state error" role="alert" data-testid="load-error">
      <p>
        <strong>{title ?? t('loadFailed')}</strong>
      </p>
      <p className="muted">{errorText(error, t('networkError'))}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}

/** Renders a query's three states: loading, failed (with retry), or the data. */
export function QueryView<T>({
  query,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  children: (data: T) => ReactNode;
}) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <Loading />;
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {children && <div className="row">{children}</div>}
    </div>
  );
}
