import { ApplicationCommandOptionType, EmbedBuilder } from 'discord.js';
import { discordLocales, en, type Language, type Translate } from '../../../i18n/index.ts';
import { type CommandListing, embedColour, type HelpCategory } from '../../../interactions/index.ts';

/**
 * What /help shows, generated from the registered definitions: their names, options and the
 * localised descriptions Discord shows too (`description_localizations`), so a new command is
 * listed without touching /help.
 */

/** A command, subcommand or option as its definition has it (the fields /help reads). */
interface Described {
  type?: number;
  name: string;
  description: string;
  description_localizations?: Partial<Record<string, string | null>> | null;
  required?: boolean;
  options?: readonly Described[];
  choices?: readonly { name: string; value: string | number }[];
}

/** An embed field holds 1024 characters. */
const FIELD_MAX = 1024;
const HEADING_PREFIX = 'help.category.';

/** The groups in the order their headings appear in the catalogue; "other" is last there. */
const categoryOrder = Object.keys(en)
  .filter((key) => key.startsWith(HEADING_PREFIX))
  .map((key) => key.slice(HEADING_PREFIX.length) as HelpCategory);

function describedIn(item: Described, language: Language): string {
  if (language === 'en') return item.description;
  const locale = discordLocales[language][0];
  return (locale && item.description_localizations?.[locale]) || item.description;
}

const isSubcommand = (option: Described) =>
  option.type === ApplicationCommandOptionType.Subcommand ||
  option.type === ApplicationCommandOptionType.SubcommandGroup;

/** Every way to call a command: itself, or each of its subcommands (groups unfolded). */
function invocations(definition: Described): { path: string; item: Described }[] {
  const walk = (item: Described, path: string): { path: string; item: Described }[] => {
    const subs = (item.options ?? []).filter(isSubcommand);
    if (subs.length === 0) return [{ path, item }];
    return subs.flatMap((sub) => walk(sub, `${path} ${sub.name}`));
  };
  return walk(definition, `/${definition.name}`);
}

/** `/playlist add <name> <query>`: required options in angle brackets, optional ones in square. */
function usage(path: string, item: Described): string {
  const options = (item.options ?? []).map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`));
  return [path, ...options].join(' ');
}

/** The overview: every command and subcommand, one line each, under its group's heading. */
export function helpOverview(
  commands: readonly CommandListing[],
  language: Language,
  t: Translate,
  color: string,
): EmbedBuilder {
  const groups = new Map<HelpCategory, string[]>();
  for (const command of commands) {
    const category = command.category ?? 'other';
    const lines = groups.get(category) ?? [];
    for (const { path, item } of invocations(command.definition as Described)) {
      lines.push(`\`${usage(path, item)}\` — ${describedIn(item, language)}`);
    }
    groups.set(category, lines);
  }
  const embed = new EmbedBuilder()
    .setColor(embedColour(color))
    .setTitle(t('help.title'))
    .setFooter({ text: t('help.footer') });
  for (const category of categoryOrder) {
    const lines = groups.get(category);
    if (!lines?.length) continue;
    for (const value of chunks(lines)) embed.addFields({ name: t(`${HEADING_PREFIX}${category}`), value });
  }
  return embed;
}

/** One command in detail: its description, how to call it, and each option. */
export function helpDetail(command: CommandListing, language: Language, t: Translate, color: string) {
  const definition = command.definition as Described;
  const calls = invocations(definition);
  const embed = new EmbedBuilder()
    .setColor(embedColour(color))
    .setTitle(`/${definition.name}`)
    .setDescription(describedIn(definition, language))
    .addFields({
      name: t('help.usage'),
      value: calls
        .map(({ path, item }) => `\`${usage(path, item)}\``)
        .join('\n')
        .slice(0, FIELD_MAX),
    });
  const optionLines = (item: Described) =>
    (item.options ?? []).map((option) => {
      const choices = option.choices?.length ? ` (${option.choices.map((c) => c.value).join(', ')})` : '';
      const required = option.required ? ` · *${t('help.required')}*` : '';
      return `\`${option.name}\` — ${describedIn(option, language)}${choices}${required}`;
    });
  const [single] = calls;
  if (calls.length === 1 && single && single.item === definition) {
    const lines = optionLines(definition);
    embed.addFields({
      name: t('help.options'),
      value: (lines.length ? lines.join('\n') : t('help.noOptions')).slice(0, FIELD_MAX),
    });
    return embed;
  }
  // A field per subcommand: Discord allows 25 fields, the usage takes one.
  for (const { path, item } of calls.slice(0, 24)) {
    const value = [describedIn(item, language), ...optionLines(item)].join('\n');
    embed.addFields({ name: path, value: value.slice(0, FIELD_MAX) });
  }
  return embed;
}

/** Lines packed into field values of at most FIELD_MAX characters. */
function chunks(lines: readonly string[]): string[] {
  const values: string[] = [];
  let current = '';
  for (const line of lines) {
    const fitted = line.slice(0, FIELD_MAX);
    if (current && current.length + 1 + fitted.length > FIELD_MAX) {
      values.push(current);
      current = fitted;
    } else {
      current = current ? `${current}\n${fitted}` : fitted;
    }
  }
  if (current) values.push(current);
  return values;
}
