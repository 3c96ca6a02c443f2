export { type Formatters, formatters } from './format.ts';
export { LocaleProvider, useFormat, useLocale, useMessages } from './locale-context.tsx';
export { browserLocale, isLocale, LOCALE_COOKIE, LOCALE_NAMES, LOCALES, type Locale } from './locales.ts';
export { defineMessages, type Messages, type Translate, translator } from './messages.ts';
