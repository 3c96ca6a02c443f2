import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES } from './locales.ts';
import { defineMessages, type Messages, translator } from './messages.ts';

describe('translator', () => {
  const messages = defineMessages({
    en: { plays: '{count, plural, one {# play} other {# plays}} by {name}', plain: 'Hello' },
    de: { plays: '{count, plural, one {# Wiedergabe} other {# Wiedergaben}} von {name}', plain: 'Hallo' },
    fr: { plays: '{count, plural, one {# écoute} other {# écoutes}} par {name}', plain: 'Bonjour' },
    es: { plays: '{count, plural, one {# reproducción} other {# reproducciones}} de {name}', plain: 'Hola' },
  });

  it('fills placeholders and picks the plural form by the language’s rules, numbers formatted for it', () => {
    expect(translator(messages, 'en')('plays', { count: 1, name: 'Ann' })).toBe('1 play by Ann');
    expect(translator(messages, 'en')('plays', { count: 1200, name: 'Ann' })).toBe('1,200 plays by Ann');
    expect(translator(messages, 'de')('plays', { count: 1200, name: 'Ann' })).toBe(
      '1.200 Wiedergaben von Ann',
    );
    // French counts 0 and 1 as "one"; English counts 0 as "other".
    expect(translator(messages, 'fr')('plays', { count: 0, name: 'Ann' })).toBe('0 écoute par Ann');
    expect(translator(messages, 'en')('plays', { count: 0, name: 'Ann' })).toBe('0 plays by Ann');
    expect(translator(messages, 'es')('plain')).toBe('Hola');
  });

  it('leaves a placeholder without a value visible rather than guessing', () => {
    expect(translator(messages, 'en')('plays', { name: 'Ann' })).toBe(
      '{count, plural, one {# play} other {# plays}} by Ann',
    );
  });
});

/** Every `messages.ts` under web/src, the way the pages define their strings. */
function messageFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return messageFiles(path);
    return entry.name === 'messages.ts' ? [path] : [];
  });
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)[,}]/g)].map((match) => match[1]).sort();

describe('every page’s messages', () => {
  const root = join(import.meta.dirname, '..');
  // i18n/messages.ts is the machinery, not a catalog.
  const files = messageFiles(root).filter((file) => !file.includes(`${join('i18n', 'messages.ts')}`));

  it('are found (the check below is not vacuous)', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it.each(files.map((file) => [relative(root, file), file]))(
    '%s: every language uses the same placeholders as English, and no string is empty',
    async (_name, file) => {
      const module = (await import(file)) as Record<string, unknown>;
      const catalogs = Object.values(module).filter(
        (value): value is Messages<string> => typeof value === 'object' && value !== null && 'en' in value,
      );
      expect(catalogs.length).toBeGreaterThan(0);
      for (const catalog of catalogs) {
        for (const [key, english] of Object.entries(catalog.en)) {
          for (const locale of LOCALES) {
            const text = catalog[locale][key];
            expect(text, `${locale}.${key}`).toBeTruthy();
            expect(placeholders(text ?? ''), `${locale}.${key}`).toEqual(placeholders(english));
          }
        }
      }
    },
  );
});
