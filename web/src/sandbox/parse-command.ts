import type {
  RunCommandBody,
  SandboxCommand,
  SandboxCommandOption,
} from '../../../src/api/sandbox/contract.ts';

/** A slash command ready for `POST /api/sandbox/commands` (who runs it where is added there). */
export type ParsedCommand = Pick<RunCommandBody, 'command' | 'subcommandGroup' | 'subcommand' | 'options'>;

/** Why a typed line isn't a command the bot knows; the page words each kind. */
export type ParseError =
  | { kind: 'unknownCommand'; name: string }
  | { kind: 'missingSubcommand'; command: string; choices: string }
  | { kind: 'noFreeText'; command: string }
  | { kind: 'badValue'; option: string; expected: string }
  | { kind: 'missingOption'; option: string };

export type ParseResult = { ok: true; value: ParsedCommand } | { ok: false; error: ParseError };

/**
 * What the command box knows besides the commands: the user's client language (Discord shows
 * and accepts command names in it) and the names that user, channel and role options may take.
 */
export interface Vocabulary {
  locale: string;
  users: { id: string; name: string; username: string }[];
  channels: { id: string; name: string }[];
  roles: { id: string; name: string }[];
}

const NO_NAMES: Vocabulary = { locale: 'en-US', users: [], channels: [], roles: [] };

/** Something with Discord's `name_localizations`. */
interface Named {
  name: string;
  nameLocalizations?: Record<string, string>;
}

/** The name Discord shows a user of `locale` (`de`, `es-ES`…), falling back to the language, then the name. */
export function localName(item: Named, locale: string): string {
  const l = item.nameLocalizations ?? {};
  const language = locale.split('-')[0] ?? locale;
  return (
    l[locale] ??
    l[language] ??
    Object.entries(l).find(([key]) => key.startsWith(`${language}-`))?.[1] ??
    item.name
  );
}

/** The description in the user's language (same fallbacks as the name). */
export function localDescription(
  item: { description: string; descriptionLocalizations?: Record<string, string> },
  locale: string,
): string {
  return localName(
    { name: item.description, nameLocalizations: item.descriptionLocalizations ?? {} },
    locale,
  );
}

/** Whether a typed word names the item: its own name or the one in the user's language. */
function names(item: Named, word: string | undefined, locale: string): boolean {
  if (word === undefined) return false;
  const typed = word.toLowerCase();
  return typed === item.name.toLowerCase() || typed === localName(item, locale).toLowerCase();
}

/** The options of what was typed so far: the command's, or its subcommand's. */
interface Target {
  command: SandboxCommand;
  group?: string;
  subcommand?: string;
  options: SandboxCommandOption[];
  /** The text after the command (and subcommand) names. */
  rest: string;
  /** What was typed for the names (`/wiedergabe`), for suggestions that keep it. */
  typedPath: string;
}

/** Words people write for yes and no, in the languages the bot speaks. */
const BOOLEANS: Record<string, boolean> = {
  true: true,
  yes: true,
  on: true,
  ja: true,
  oui: true,
  vrai: true,
  sí: true,
  si: true,
  false: false,
  no: false,
  off: false,
  nein: false,
  non: false,
  faux: false,
};

function resolveTarget(line: string, commands: SandboxCommand[], locale: string): Target | ParseError {
  const match = /^\/(\S+)\s*(.*)$/s.exec(line.trim());
  const name = match?.[1] ?? '';
  const command = commands.find((c) => names(c, name, locale));
  if (!command) return { kind: 'unknownCommand', name: name.toLowerCase() };
  let rest = match?.[2] ?? '';
  if (command.subcommands.length === 0) {
    return { command, options: command.options, rest, typedPath: `/${name}` };
  }
  const words = rest.split(/\s+/);
  for (const sub of command.subcommands) {
    const path: Named[] = sub.group
      ? [{ name: sub.group, nameLocalizations: sub.groupLocalizations }, sub]
      : [sub];
    if (path.every((item, i) => names(item, words[i], locale))) {
      rest = words.slice(path.length).join(' ');
      return {
        command,
        ...(sub.group ? { group: sub.group } : {}),
        subcommand: sub.name,
        options: sub.options,
        rest,
        typedPath: [`/${name}`, ...words.slice(0, path.length)].join(' '),
      };
    }
  }
  const choices = command.subcommands.map((s) => subcommandPath(s, locale)).join(', ');
  return { kind: 'missingSubcommand', command: localName(command, locale), choices };
}

function subcommandPath(sub: SandboxCommand['subcommands'][number], locale: string): string {
  const group = sub.group
    ? `${localName({ name: sub.group, nameLocalizations: sub.groupLocalizations }, locale)} `
    : '';
  return `${group}${localName(sub, locale)}`;
}

const MENTION = { user: /^<@!?(\d+)>$/, channel: /^<#(\d+)>$/, role: /^<@&(\d+)>$/ };
const SNOWFLAKE = /^\d{15,21}$/;

/** A user, channel or role by mention, id or name (`@alice`, `#music`, `DJ`). */
function resolveMention(
  kind: 'user' | 'channel' | 'role',
  value: string,
  vocabulary: Vocabulary,
): string | null {
  const mentioned = MENTION[kind].exec(value)?.[1];
  if (mentioned) return mentioned;
  if (SNOWFLAKE.test(value)) return value;
  const name = value.replace(kind === 'channel' ? /^#/ : /^@/, '').toLowerCase();
  if (kind === 'user') {
    return (
      vocabulary.users.find((u) => u.name.toLowerCase() === name || u.username.toLowerCase() === name)?.id ??
      null
    );
  }
  const list = kind === 'channel' ? vocabulary.channels : vocabulary.roles;
  return list.find((item) => item.name.toLowerCase() === name)?.id ?? null;
}

/** A typed value as the option's type wants it, or null when it isn't one. */
function convert(
  option: SandboxCommandOption,
  raw: string,
  vocabulary: Vocabulary,
): string | number | boolean | null {
  const value = unquote(raw.trim());
  if (value === '') return null;
  if (option.choices.length > 0) {
    const typed = value.toLowerCase();
    const choice = option.choices.find(
      (c) =>
        String(c.value).toLowerCase() === typed ||
        names(c, value, vocabulary.locale) ||
        c.name.toLowerCase() === typed,
    );
    return choice ? choice.value : null;
  }
  switch (option.type) {
    case 'string':
      return value;
    case 'integer':
      return /^[-+]?\d+$/.test(value) ? Number(value) : null;
    case 'number': {
      // 1,5 is how de, fr and es write 1.5.
      const number = Number(value.replace(/^([-+]?\d+),(\d+)$/, '$1.$2'));
      return value !== '' && Number.isFinite(number) ? number : null;
    }
    case 'boolean':
      return BOOLEANS[value.toLowerCase()] ?? null;
    case 'user':
    case 'channel':
    case 'role':
      return resolveMention(option.type, value, vocabulary);
    case 'mentionable':
      return resolveMention('user', value, vocabulary) ?? resolveMention('role', value, vocabulary);
    default:
      return null;
  }
}

/** `"a b"` → `a b` (and `\"` inside → `"`). */
function unquote(value: string): string {
  const quoted = /^"(.*)"$/s.exec(value);
  return quoted ? (quoted[1] ?? '').replace(/\\"/g, '"') : value;
}

/** What an option takes: its choices' values (typed as they are in every language), or its type. */
function expectedOf(option: SandboxCommandOption): string {
  if (option.choices.length > 0) return option.choices.map((c) => c.value).join(' | ');
  return option.type;
}

/** A `key:` in the typed text: where it starts, where its value starts, and the option it names. */
interface Key {
  index: number;
  valueStart: number;
  option: SandboxCommandOption;
}

/**
 * The `key:` markers of declared options (by name or localised name), outside double quotes:
 * `query:"a b: c" next:true` has two, not three.
 */
function findKeys(rest: string, declared: SandboxCommandOption[], locale: string): Key[] {
  const keys: Key[] = [];
  let quoted = false;
  for (let i = 0; i < rest.length; i += 1) {
    const char = rest[i];
    if (char === '"' && rest[i - 1] !== '\\') quoted = !quoted;
    if (quoted || (i > 0 && !/\s/.test(rest[i - 1] ?? ''))) continue;
    const word = /^([^\s:"]+):/.exec(rest.slice(i));
    const option = word && declared.find((o) => names(o, word[1], locale));
    if (word && option) keys.push({ index: i, valueStart: i + word[0].length, option });
  }
  return keys;
}

/**
 * Parses `/name key:value key:value` or `/name free text` (the text goes to the first required
 * string option, else the first string option), with `/name [group] sub …` for subcommands.
 * Names may be typed as Discord shows them in the user's language; values are typed as the
 * command declares them: quoted strings, numbers, yes/no, @user, #channel and @role by name.
 */
export function parseCommand(
  line: string,
  commands: SandboxCommand[],
  vocabulary: Vocabulary = NO_NAMES,
): ParseResult {
  const { locale } = vocabulary;
  const target = resolveTarget(line, commands, locale);
  if ('kind' in target) return { ok: false, error: target };
  const { options: declared, rest } = target;
  const options: ParsedCommand['options'] = {};
  const keys = findKeys(rest, declared, locale);
  const freeText = unquote(rest.slice(0, keys[0]?.index ?? rest.length).trim());
  if (freeText) {
    const strings = declared.filter((o) => o.type === 'string' && o.choices.length === 0);
    const free = strings.find((o) => o.required) ?? strings[0];
    if (!free) return { ok: false, error: { kind: 'noFreeText', command: target.typedPath } };
    options[free.name] = freeText;
  }
  for (const [index, key] of keys.entries()) {
    const end = keys[index + 1]?.index ?? rest.length;
    const value = convert(key.option, rest.slice(key.valueStart, end), vocabulary);
    const shown = localName(key.option, locale);
    if (value === null) {
      return { ok: false, error: { kind: 'badValue', option: shown, expected: expectedOf(key.option) } };
    }
    options[key.option.name] = value;
  }
  const missing = declared.find((o) => o.required && !(o.name in options));
  if (missing) return { ok: false, error: { kind: 'missingOption', option: localName(missing, locale) } };
  return {
    ok: true,
    value: {
      command: target.command.name,
      ...(target.group ? { subcommandGroup: target.group } : {}),
      ...(target.subcommand ? { subcommand: target.subcommand } : {}),
      options,
    },
  };
}

/** One line of the command box's suggestion list. */
export interface Suggestion {
  value: string;
  label: string;
}

const MAX_SUGGESTIONS = 25;

/** Names a user, channel or role option may take, as typed (`@Alice`, `#music`). */
function mentionNames(option: SandboxCommandOption, vocabulary: Vocabulary): string[] {
  const quote = (name: string) => (/\s/.test(name) ? `"${name}"` : name);
  const users = vocabulary.users.map((u) => `@${quote(u.name)}`);
  const roles = vocabulary.roles.map((r) => `@${quote(r.name)}`);
  switch (option.type) {
    case 'user':
      return users;
    case 'role':
      return roles;
    case 'mentionable':
      return [...users, ...roles];
    case 'channel':
      return vocabulary.channels.map((c) => `#${quote(c.name)}`);
    case 'boolean':
      return ['true', 'false'];
    default:
      return [];
  }
}

/**
 * What to offer for the text typed so far: command names (with subcommands) while the name is
 * typed, then the options not given yet (`key:`), then an option's choices or the names it takes.
 */
export function suggest(
  line: string,
  commands: SandboxCommand[],
  vocabulary: Vocabulary = NO_NAMES,
): Suggestion[] {
  const { locale } = vocabulary;
  if (line !== '' && !line.startsWith('/')) return [];
  const partial = /^\/?(\S*)$/.exec(line)?.[1];
  if (partial !== undefined) {
    return commands
      .flatMap((c) =>
        c.subcommands.length === 0
          ? [{ value: `/${localName(c, locale)} `, label: localDescription(c, locale) }]
          : c.subcommands.map((s) => ({
              value: `/${localName(c, locale)} ${subcommandPath(s, locale)} `,
              label: localDescription(s, locale),
            })),
      )
      .filter((s) => s.value.toLowerCase().startsWith(`/${partial.toLowerCase()}`))
      .slice(0, MAX_SUGGESTIONS);
  }
  const target = resolveTarget(line, commands, locale);
  if ('kind' in target) {
    if (target.kind !== 'missingSubcommand') return [];
    // `/playlist ` typed: its subcommands.
    const command = commands.find((c) => names(c, /^\/(\S+)/.exec(line)?.[1], locale));
    const typed = /^\/\S+\s+(.*)$/.exec(line)?.[1]?.toLowerCase() ?? '';
    return (command?.subcommands ?? [])
      .map((s) => ({
        value: `/${localName(command as SandboxCommand, locale)} ${subcommandPath(s, locale)} `,
        label: localDescription(s, locale),
        path: subcommandPath(s, locale),
      }))
      .filter((s) => s.path.toLowerCase().startsWith(typed))
      .map(({ value, label }) => ({ value, label }));
  }
  const base = line.replace(/\s+$/, '');
  const choosing = /(?:^|\s)([^\s:"]+):(\S*)$/.exec(line);
  const option = choosing && target.options.find((o) => names(o, choosing[1], locale));
  if (option && choosing) {
    const before = line.slice(0, line.length - (choosing[2]?.length ?? 0));
    const typed = (choosing[2] ?? '').toLowerCase();
    const values =
      option.choices.length > 0
        ? option.choices.map((c) => ({ value: String(c.value), label: localName(c, locale) }))
        : mentionNames(option, vocabulary).map((name) => ({ value: name, label: name }));
    return values
      .filter((v) => v.value.toLowerCase().startsWith(typed) || v.label.toLowerCase().startsWith(typed))
      .slice(0, MAX_SUGGESTIONS)
      .map((v) => ({ value: `${before}${v.value} `, label: v.label }));
  }
  const given = new Set(findKeys(target.rest, target.options, locale).map((k) => k.option.name));
  return target.options
    .filter((o) => !given.has(o.name))
    .map((o) => ({
      value: `${base} ${localName(o, locale)}:`,
      label: `${o.required ? '* ' : ''}${localDescription(o, locale)}`,
    }));
}

/** How to call one command or subcommand, and what it does. */
export interface Usage {
  usage: string;
  description: string;
}

function usageLine(path: string, options: SandboxCommandOption[], locale: string): string {
  const parts = options.map((o) => {
    const part = `${localName(o, locale)}:<${expectedOf(o)}>`;
    return o.required ? part : `[${part}]`;
  });
  return [path, ...parts].join(' ');
}

/**
 * `/play query:<string> [next:<boolean>]`: how to call the command typed so far, in the user's
 * language; for a command with subcommands not chosen yet, `subcommands` lists each one's usage.
 */
export function usageOf(
  line: string,
  commands: SandboxCommand[],
  vocabulary: Pick<Vocabulary, 'locale'> = NO_NAMES,
): (Usage & { subcommands?: Usage[] }) | null {
  const { locale } = vocabulary;
  const target = resolveTarget(line, commands, locale);
  if ('kind' in target) {
    if (target.kind !== 'missingSubcommand') return null;
    const command = commands.find((c) => names(c, /^\/(\S+)/.exec(line.trim())?.[1], locale));
    if (!command) return null;
    const name = `/${localName(command, locale)}`;
    return {
      usage: `${name} <${command.subcommands.map((s) => subcommandPath(s, locale)).join(' | ')}>`,
      description: localDescription(command, locale),
      subcommands: command.subcommands.map((s) => ({
        usage: usageLine(`${name} ${subcommandPath(s, locale)}`, s.options, locale),
        description: localDescription(s, locale),
      })),
    };
  }
  const command = target.command;
  const sub = command.subcommands.find(
    (s) => s.name === target.subcommand && (s.group ?? undefined) === target.group,
  );
  const path = [`/${localName(command, locale)}`, ...(sub ? [subcommandPath(sub, locale)] : [])].join(' ');
  return {
    usage: usageLine(path, target.options, locale),
    description: sub ? localDescription(sub, locale) : localDescription(command, locale),
  };
}

/** An autocomplete question for the option being typed, and the text to keep before a pick. */
export interface AutocompleteQuestion {
  request: ParsedCommand & { focused: string };
  /** The line up to where the focused value starts: a picked choice goes after it. */
  before: string;
}

/**
 * When the end of the line is the value of an option the bot autocompletes (`/play never gon`,
 * `/play query:never gon`), what to ask the bot: the options typed so far that read well, the
 * focused one with its partial text. Null otherwise.
 */
export function autocompleteQuestion(
  line: string,
  commands: SandboxCommand[],
  vocabulary: Vocabulary = NO_NAMES,
): AutocompleteQuestion | null {
  if (!line.startsWith('/') || !/\s/.test(line)) return null;
  const target = resolveTarget(line, commands, vocabulary.locale);
  if ('kind' in target) return null;
  const keys = findKeys(target.rest, target.options, vocabulary.locale);
  const last = keys.at(-1);
  let focused: SandboxCommandOption | undefined;
  let valueStart: number;
  if (last) {
    focused = last.option;
    valueStart = last.valueStart;
  } else {
    const strings = target.options.filter((o) => o.type === 'string' && o.choices.length === 0);
    focused = strings.find((o) => o.required) ?? strings[0];
    valueStart = 0;
  }
  if (!focused?.autocomplete) return null;
  const options: ParsedCommand['options'] = {};
  for (const [index, key] of keys.slice(0, -1).entries()) {
    const end = keys[index + 1]?.index ?? target.rest.length;
    const value = convert(key.option, target.rest.slice(key.valueStart, end), vocabulary);
    if (value !== null) options[key.option.name] = value;
  }
  const tail = target.rest.slice(valueStart);
  options[focused.name] = tail.replace(/^\s*"?/, '');
  const typed = line.trimEnd();
  return {
    request: {
      command: target.command.name,
      ...(target.group ? { subcommandGroup: target.group } : {}),
      ...(target.subcommand ? { subcommand: target.subcommand } : {}),
      options,
      focused: focused.name,
    },
    before: typed.slice(0, typed.length - tail.length).replace(/\s*$/, last ? '' : ' '),
  };
}

/** A picked choice as it is typed: quoted when it holds spaces or a colon. */
export function typedValue(value: string | number): string {
  const text = String(value);
  return /[\s:"]/.test(text) ? `"${text.replace(/"/g, '\\"')}"` : text;
}
