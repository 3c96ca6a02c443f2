import { Link } from 'react-router';
import { useMessages } from '../i18n/index.ts';
import { shellMessages } from './messages.ts';

export function NotFound() {
  const t = useMessages(shellMessages);
  return (
    <div className="state">
      <h1>404</h1>
      <p>{t('notFound')}</p>
      <Link to="/">{t('backHome')}</Link>
    </div>
  );
}
