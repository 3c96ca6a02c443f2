import type { Locale } from './locales.ts';

/**
 * A feature's messages: English, and every other language with exactly the same keys (a missing
 * or extra key is a compile error). `{name}` placeholders are filled by `t(key, { name })`.
 */
export type Messages<K extends string> = { en: Record<K, string> } & Record<
  Exclude<Locale, 'en'>,
  Record<K, string>
>;

export function defineMessages<const K extends string>(messages: Messages<K>): Messages<K> {
  return messages;
}

export type Translate<K extends string> = (key: K, values?: Record<string, string | number>) => string;

/** `{count, plural, one {# play} other {# plays}}`: ICU's plural form, the one piece of ICU we need. */
const PLURAL = /\{(\w+), plural,((?:\s*\w+ \{[^{}]*\})+)\s*\}/g;
const PLURAL_CASE = /(\w+) \{([^{}]*)\}/g;

/**
 * Fills `{name}` placeholders (a number is formatted for the locale) and plural forms, chosen
 * by the language's rules (`Intl.PluralRules`: one/other in English, one/many/other in French…).
 */
export function translator<K extends string>(messages: Messages<K>, locale: Locale): Translate<K> {
  const catalog = messages[locale];
  const numbers = new Intl.NumberFormat(locale);
  const plurals = new Intl.PluralRules(locale);
  return (key, values) => {
    const template = catalog[key] ?? messages.en[key];
    if (!values) return template;
    const pluralised = template.replace(PLURAL, (whole, name: string, cases: string) => {
      const value = values[name];
      if (typeof value !== 'number') return whole;
      const forms = new Map([...cases.matchAll(PLURAL_CASE)].map((match) => [match[1], match[2] ?? '']));
      const form = forms.get(plurals.select(value)) ?? forms.get('other') ?? whole;
      return form.replaceAll('#', numbers.format(value));
    });
    return pluralised.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? numbers.format(value) : value;
    });
  };
}
