import { de } from './de.ts';
import { type Catalog, en, type MessageKey } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';

export const languages = { en, de, fr, es } satisfies Record<string, Catalog>;
export type Language = keyof typeof languages;

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** `de`, `de-DE` and `de_AT` are German; anything not translated is English. */
export function languageOf(locale: string | null | undefined): Language | null {
  const base = locale?.toLowerCase().split(/[-_]/)[0];
  return base && Object.hasOwn(languages, base) ? (base as Language) : null;
}

export function translator(language: Language): Translate {
  const catalog: Catalog = languages[language];
  return (key, params = {}) =>
    catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
}

/** The user's language when we speak it, else the guild's, else English. */
export function pickLanguage(
  userLocale: string | null | undefined,
  guildLanguage: string | null | undefined,
): Language {
  return languageOf(userLocale) ?? languageOf(guildLanguage) ?? 'en';
}

/**
 * Discord locales a string is offered in (command names and descriptions). Discord has two
 * Spanish locales; one catalog serves both.
 */
export const discordLocales: Record<Exclude<Language, 'en'>, string[]> = {
  de: ['de'],
  fr: ['fr'],
  es: ['es-ES', 'es-419'],
};
