import { de } from './de.ts';
import { type Catalog, en, type MessageKey } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { compileMessage, placeholdersOf } from './message-format.ts';

export const languages = { en, de, fr, es } satisfies Record<string, Catalog>;
export type Language = keyof typeof languages;

export type Params = Record<string, string | number>;

/**
 * What `t(key, params)` takes: for one known key, an object with at least the placeholders of
 * its English message (read from the message's type, plurals and their branches included); for
 * a key chosen at run time (a union), any params — `catalog-placeholders.test.ts` checks those.
 */
export type Translate = <K extends MessageKey>(key: K, ...params: ParamsOf<K>) => string;
export type ParamsOf<K extends MessageKey> =
  IsUnion<K> extends true
    ? [params?: Params]
    : [PlaceholderNames<(typeof en)[K]>] extends [never]
      ? [params?: Params]
      : [params: Record<PlaceholderNames<(typeof en)[K]>, string | number> & Params];

type IsUnion<T, All = T> = T extends unknown ? ([All] extends [T] ? false : true) : never;

/**
 * The argument names of an ICU message, as a type: `{name}`, `{count, plural, …}` and those in
 * plural branches. A `{` opens an argument in text (even depth) and a branch inside an argument
 * (odd depth); each `}` closes one level.
 */
export type PlaceholderNames<
  S extends string,
  Depth extends 0[] = [],
  Found = never,
> = S extends `${infer Before}{${infer After}`
  ? Before extends `${string}}${infer Rest}`
    ? PlaceholderNames<`${Rest}{${After}`, Shorter<Depth>, Found>
    : PlaceholderNames<
        After,
        [...Depth, 0],
        Found | (IsEven<Depth> extends true ? ArgumentName<After> : never)
      >
  : Found;
type ArgumentName<S extends string> = S extends `${infer Head}}${string}`
  ? Head extends `${infer Name},${string}`
    ? Name
    : Head
  : never;
type Shorter<T extends 0[]> = T extends [0, ...infer Rest extends 0[]] ? Rest : [];
type IsEven<T extends 0[]> = T extends []
  ? true
  : T extends [0, 0, ...infer Rest extends 0[]]
    ? IsEven<Rest>
    : false;

/** `de`, `de-DE` and `de_AT` are German; anything not translated is English. */
export function languageOf(locale: string | null | undefined): Language | null {
  const base = locale?.toLowerCase().split(/[-_]/)[0];
  return base && Object.hasOwn(languages, base) ? (base as Language) : null;
}

/**
 * Says `key` in `language`, its placeholders and plural forms filled from `params` (ICU
 * MessageFormat, see message-format.ts). A placeholder left without a value stays visible as
 * `{name}` (a missing count reads NaN) rather than failing the reply; the types and the catalog
 * test make sure no caller leaves one.
 */
export function translator(language: Language): Translate {
  const catalog: Catalog = languages[language];
  const compiled = new Map<MessageKey, Compiled>();
  return ((key: MessageKey, params: Params = {}) => {
    let message = compiled.get(key);
    if (!message) {
      message = { format: compileMessage(catalog[key], language), names: placeholdersOf(catalog[key]) };
      compiled.set(key, message);
    }
    if (message.names.length === 0) return catalog[key];
    const values: Params = {};
    for (const name of message.names) values[name] = params[name] ?? `{${name}}`;
    return String(message.format.format(values));
  }) as Translate;
}

interface Compiled {
  format: ReturnType<typeof compileMessage>;
  names: string[];
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
