import { Locale } from 'discord.js';
import { describe, expect, it } from 'vitest';
import {
  type Catalog,
  discordLocales,
  en,
  type Language,
  languages,
  type MessageKey,
  pickLanguage,
} from './index.ts';
import { placeholdersOf, pluralArgumentsOf } from './message-format.ts';

type Translated = Exclude<Language, 'en'>;
const translated = Object.keys(discordLocales) as Translated[];

/**
 * Keys whose translation is rightly the same text as the English one. Anything else equal to
 * English is an untranslated string.
 */
const sameAsEnglish: Record<Translated, MessageKey[]> = {
  de: [
    'live', // German uses the English word
    'nowPlaying.status', // "Status" is German too
    'settings.seconds', // "{seconds} s": the SI symbol
    'settings.field.stayConnected247', // "24/7"
  ],
  fr: ['nowPlaying.volume', 'settings.seconds', 'settings.field.stayConnected247'],
  es: ['settings.seconds', 'settings.field.stayConnected247'],
};

/** Each language's quotation marks; any other kind in its catalog is a slip. */
const quoteStyle: Record<Translated, { open: string; close: string }> = {
  de: { open: '„', close: '“' },
  fr: { open: '«\u00a0', close: '\u00a0»' },
  es: { open: '«', close: '»' },
};
const otherQuotes = /["“”„«»]/;

const placeholders = placeholdersOf;
const mentions = (text: string) => [...text.matchAll(/<[#@]&?\{\w+\}>/g)].map((m) => m[0]).sort();
const boldMarkers = (text: string) => text.split('**').length - 1;
const entries = (catalog: Catalog) => Object.entries(catalog) as [MessageKey, string][];

describe('message catalogs', () => {
  it('offers a Discord locale for every translated language', () => {
    expect(Object.keys(languages).sort()).toEqual(['en', ...translated].sort());
  });

  it('keeps every English command description within Discord’s 100 characters', () => {
    const tooLong = entries(en).filter(([key, text]) => key.startsWith('cmd.') && text.length > 100);
    expect(tooLong).toEqual([]);
  });

  describe.each(translated)('%s', (language) => {
    const catalog: Catalog = languages[language];

    it('has exactly the keys of the English catalog', () => {
      expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
    });

    it('keeps the placeholders, mentions and bold markup of each English message', () => {
      const differing = entries(en)
        .filter(
          ([key, text]) =>
            placeholders(catalog[key]).join() !== placeholders(text).join() ||
            mentions(catalog[key]).join() !== mentions(text).join() ||
            boldMarkers(catalog[key]) !== boldMarkers(text),
        )
        .map(([key]) => key);
      expect(differing).toEqual([]);
    });

    it('chooses a plural form wherever the English message does', () => {
      const differing = entries(en)
        .filter(([key, text]) => {
          const own = pluralArgumentsOf(catalog[key]);
          return pluralArgumentsOf(text).some((count) => !own.includes(count));
        })
        .map(([key]) => key);
      expect(differing).toEqual([]);
    });

    it('keeps command descriptions within Discord’s 100 characters', () => {
      const tooLong = entries(catalog)
        .filter(([key, text]) => key.startsWith('cmd.') && text.length > 100)
        .map(([key, text]) => `${key} (${text.length})`);
      expect(tooLong).toEqual([]);
    });

    it('translates every message except the allow-listed ones', () => {
      const untranslated = entries(en)
        .filter(([key, text]) => catalog[key] === text && !sameAsEnglish[language].includes(key))
        .map(([key]) => key);
      expect(untranslated).toEqual([]);
    });

    it('allow-lists only messages that really are the same as English', () => {
      const stale = sameAsEnglish[language].filter((key) => catalog[key] !== en[key]);
      expect(stale).toEqual([]);
    });

    it('quotes in the language’s own style, each opening quote closed', () => {
      const { open, close } = quoteStyle[language];
      const wrong = entries(catalog)
        .filter(([, text]) => {
          const balanced = text.split(open).length === text.split(close).length;
          const unquoted = text.split(open).join('').split(close).join('');
          return !balanced || otherQuotes.test(unquoted);
        })
        .map(([key]) => key);
      expect(wrong).toEqual([]);
    });
  });

  it('writes every message as valid ICU, with the typographic apostrophe (a straight one quotes in ICU)', () => {
    const broken = Object.entries(languages).flatMap(([language, catalog]) =>
      entries(catalog)
        .filter(([, text]) => {
          try {
            placeholdersOf(text);
          } catch {
            return true;
          }
          return text.includes("'");
        })
        .map(([key]) => `${language} ${key}`),
    );
    expect(broken).toEqual([]);
  });

  it('puts a no-break space, not a plain one, before French : ; ? ! and inside « »', () => {
    const plainSpaced = entries(languages.fr)
      .filter(([, text]) => / [:;?!»]|« /.test(text))
      .map(([key]) => key);
    expect(plainSpaced).toEqual([]);
  });

  it('answers German, French and both Spanish Discord locales in their language', () => {
    expect(pickLanguage('de', null)).toBe('de');
    expect(pickLanguage('fr', null)).toBe('fr');
    expect(pickLanguage('es-ES', null)).toBe('es');
    expect(pickLanguage('es-419', null)).toBe('es');
    expect(pickLanguage('pt-BR', 'fr')).toBe('fr');
    expect(pickLanguage('ja', null)).toBe('en');
  });

  it('names only locales Discord knows', () => {
    const known: string[] = Object.values(Locale);
    expect(
      Object.values(discordLocales)
        .flat()
        .filter((locale) => !known.includes(locale)),
    ).toEqual([]);
  });
});
