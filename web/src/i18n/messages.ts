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

/** Fills `{name}` placeholders; a number is formatted for the locale. */
export function translator<K extends string>(messages: Messages<K>, locale: Locale): Translate<K> {
  const catalog = messages[locale];
  const numbers = new Intl.NumberFormat(locale);
  return (key, values) => {
    const template = catalog[key] ?? messages.en[key];
    if (!values) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? numbers.format(value) : value;
    });
  };
}
