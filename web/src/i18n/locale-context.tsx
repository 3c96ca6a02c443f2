import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api } from '../api/client.ts';
import { type Formatters, formatters } from './format.ts';
import { browserLocale, type Locale, readLocaleCookie, writeLocaleCookie } from './locales.ts';
import { type Messages, type Translate, translator } from './messages.ts';

interface LocaleState {
  locale: Locale;
  format: Formatters;
  /** Changes the language: the cookie at once, the profile too when `saveToProfile`. */
  setLocale(locale: Locale, options?: { saveToProfile?: boolean }): Promise<void>;
}

const LocaleContext = createContext<LocaleState | null>(null);

/** The language first comes from the cookie, else the browser; a logged-in profile's wins (`adoptProfileLocale`). */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(
    () => readLocaleCookie(document.cookie) ?? browserLocale(navigator.languages),
  );
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback(async (next: Locale, options: { saveToProfile?: boolean } = {}) => {
    writeLocaleCookie(next);
    setLocaleState(next);
    if (options.saveToProfile) await api('PUT', '/api/auth/preferences', { locale: next });
  }, []);
  const value = useMemo(() => ({ locale, format: formatters(locale), setLocale }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleState {
  const state = useContext(LocaleContext);
  if (!state) throw new Error('useLocale outside LocaleProvider');
  return state;
}

/** `t` for one feature's messages, in the current language. */
export function useMessages<K extends string>(messages: Messages<K>): Translate<K> {
  const { locale } = useLocale();
  return useMemo(() => translator(messages, locale), [messages, locale]);
}

export function useFormat(): Formatters {
  return useLocale().format;
}
