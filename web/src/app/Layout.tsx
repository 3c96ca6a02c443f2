import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { toast } from 'sonner';
import { keys, logout, useMe, useMeta } from '../api/index.ts';
import { navPages } from '../capabilities.ts';
import { isLocale, LOCALE_NAMES, LOCALES, useLocale, useMessages } from '../i18n/index.ts';
import { type ThemeChoice, useTheme } from '../theme/theme.tsx';
import { useLandingAfterLogin } from './after-login.ts';
import { shellMessages } from './messages.ts';

/** Once per login: a language saved in the profile wins over this browser's cookie. */
function useProfileLocale() {
  const me = useMe();
  const { locale, setLocale } = useLocale();
  const adopted = useRef<string | null>(null);
  const profileLocale = me.data?.locale;
  const userId = me.data?.user.id ?? null;
  useEffect(() => {
    if (!userId || adopted.current === userId) return;
    adopted.current = userId;
    if (isLocale(profileLocale) && profileLocale !== locale) void setLocale(profileLocale);
  }, [userId, profileLocale, locale, setLocale]);
}

export function Layout() {
  const t = useMessages(shellMessages);
  const meta = useMeta();
  const me = useMe();
  const client = useQueryClient();
  const { locale, setLocale } = useLocale();
  const { choice, setChoice } = useTheme();
  useProfileLocale();
  useLandingAfterLogin();
  const loggedIn = Boolean(me.data);

  const changeLocale = async (value: string) => {
    if (!isLocale(value)) return;
    try {
      await setLocale(value, { saveToProfile: loggedIn });
    } catch {
      toast.error(t('languageSaveFailed'));
    }
  };
  const doLogout = async () => {
    await logout().catch(() => {});
    client.setQueryData(keys.me, null);
    client.removeQueries({ queryKey: keys.guilds });
  };

  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" width={24} height={24} /> Gramophone
        </Link>
        <nav aria-label="Main">
          {navPages
            .filter((page) => page.shown({ loggedIn, meta: meta.data }))
            .map((page) => (
              <NavLink key={page.path} className="nav-link" to={page.path}>
                {page.label[locale]}
              </NavLink>
            ))}
        </nav>
        <span className="spacer" />
        <label className="row">
          <span className="visually-hidden">{t('language')}</span>
          <select
            value={locale}
            onChange={(event) => void changeLocale(event.target.value)}
            data-testid="language"
          >
            {LOCALES.map((code) => (
              <option key={code} value={code}>
                {LOCALE_NAMES[code]}
              </option>
            ))}
          </select>
        </label>
        <label className="row">
          <span className="visually-hidden">{t('theme')}</span>
          <select value={choice} onChange={(event) => setChoice(event.target.value as ThemeChoice)}>
            <option value="system">{t('themeSystem')}</option>
            <option value="light">{t('themeLight')}</option>
            <option value="dark">{t('themeDark')}</option>
          </select>
        </label>
        {loggedIn ? (
          <button type="button" className="button" onClick={() => void doLogout()}>
            {t('logout')}
          </button>
        ) : (
          meta.data?.loginEnabled && (
            <a className="button primary" href="/api/auth/discord/login">
              {t('login')}
            </a>
          )
        )}
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
