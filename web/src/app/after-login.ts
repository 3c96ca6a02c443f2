import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useMe } from '../api/index.ts';

const LOGIN_PATH = '/api/auth/discord/login';
const KEY = 'gramophone.afterLogin';

/**
 * Where a login started from decides where it ends: Discord sends everyone back to `/`, so the
 * page remembers (for this tab) the panel page a login link was pressed on — the server list for
 * a login from the start page — and goes there once the session is known. Pages outside the
 * panel (the sandbox) keep their own flow.
 */
function returnPathOf(location: { pathname: string; search: string }): string | null {
  if (location.pathname === '/') return '/servers';
  if (/^\/(servers|account)(\/|$)/.test(location.pathname)) return `${location.pathname}${location.search}`;
  return null;
}

export function useLandingAfterLogin(): void {
  const location = useLocation();
  const navigate = useNavigate();
  const me = useMe();
  useEffect(() => {
    const remember = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.('a[href]');
      if (!(link instanceof HTMLAnchorElement)) return;
      if (new URL(link.href, window.location.href).pathname !== LOGIN_PATH) return;
      const back = returnPathOf(window.location);
      if (back) sessionStorage.setItem(KEY, back);
      else sessionStorage.removeItem(KEY);
    };
    document.addEventListener('click', remember, true);
    return () => document.removeEventListener('click', remember, true);
  }, []);
  const loggedIn = Boolean(me.data);
  useEffect(() => {
    if (!loggedIn || location.pathname !== '/') return;
    const back = sessionStorage.getItem(KEY);
    if (!back) return;
    sessionStorage.removeItem(KEY);
    // A failed login comes back with ?login_error=: the start page says why, so stay.
    if (new URLSearchParams(location.search).has('login_error')) return;
    navigate(back, { replace: true });
  }, [loggedIn, location.pathname, location.search, navigate]);
}
