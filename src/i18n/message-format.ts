import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';

/**
 * The catalogs' messages are ICU MessageFormat: `{name}` is filled in from the parameters and
 * `{count, plural, one {# track} other {# tracks}}` picks the language's plural form
 * (`Intl.PluralRules`: one/other in English and German, one/many/other in French and
 * Spanish), `#` being the count formatted for the language.
 *
 * `ignoreTag`: Discord's mentions (`<#{channelId}>`, `<@{userId}>`) are text, not ICU's rich-text
 * tags. A straight apostrophe would be ICU's quote character, which is why the catalogs write
 * the typographic ’ (the catalog test holds them to it).
 */
const options = { ignoreTag: true } as const;

export function compileMessage(message: string, language: string): IntlMessageFormat {
  return new IntlMessageFormat(message, language, undefined, options);
}

/** The parameter names a message reads, plurals and their branches included, sorted. */
export function placeholdersOf(message: string): string[] {
  const names = new Set<string>();
  collect(parse(message, options), names);
  return [...names].sort();
}

/** Names of the parameters a message chooses a plural form by (`{count, plural, …}`). */
export function pluralArgumentsOf(message: string): string[] {
  const names = new Set<string>();
  collect(parse(message, options), names, TYPE.plural);
  return [...names].sort();
}

function collect(elements: MessageFormatElement[], names: Set<string>, only?: TYPE): void {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    if (only === undefined || element.type === only) names.add(element.value);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) collect(option.value, names, only);
    }
    if (element.type === TYPE.tag) collect(element.children, names, only);
  }
}
