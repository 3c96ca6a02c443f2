import { discordLocales, en, languages, type MessageKey } from '../i18n/index.ts';

/**
 * A description in English with its translations for Discord's `description_localizations`
 * (and the same for names), from the catalogs.
 */
export function localized(key: MessageKey): { text: string; localizations: Record<string, string> } {
  const localizations: Record<string, string> = {};
  for (const [language, locales] of Object.entries(discordLocales)) {
    const text = languages[language as keyof typeof discordLocales][key];
    if (text !== en[key]) for (const locale of locales) localizations[locale] = text;
  }
  return { text: en[key], localizations };
}

/** Sets description and its localisations on a discord.js builder (command or option). */
export function describe<
  T extends { setDescription(d: string): T; setDescriptionLocalizations(l: Record<string, string>): T },
>(builder: T, key: MessageKey): T {
  const { text, localizations } = localized(key);
  return builder.setDescription(text).setDescriptionLocalizations(localizations);
}
