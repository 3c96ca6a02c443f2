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

/** The options of what was typed so far: the command's, or its subcommand's. */
interface Target {
  command: SandboxCommand;
  group?: string;
  subcommand?: string;
  options: SandboxCommandOption[];
  /** The text after the command (and subcommand) names. */
  rest: string;
}

const BOOLEANS: Record<string, boolean> = { true: true, yes: true, false: false, no: false };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function resolveTarget(line: string, commands: SandboxCommand[]): Target | ParseError {
  const match = /^\/(\S+)\s*(.*)$/s.exec(line.trim());
  const name = match?.[1]?.toLowerCase() ?? '';
  const command = commands.find((c) => c.name === name);
  if (!command) return { kind: 'unknownCommand', name };
  let rest = match?.[2] ?? '';
  if (command.subcommands.length === 0) return { command, options: command.options, rest };
  const words = rest.split(/\s+/);
  for (const sub of command.subcommands) {
    const path = sub.group ? [sub.group, sub.name] : [sub.name];
    if (path.every((word, i) => words[i]?.toLowerCase() === word)) {
      rest = words.slice(path.length).join(' ');
      return {
        command,
        ...(sub.group ? { group: sub.group } : {}),
        subcommand: sub.name,
        options: sub.options,
        rest,
      };
    }
  }
  const choices = command.subcommands.map((s) => (s.group ? `${s.group} ${s.name}` : s.name)).join(', ');
  return { kind: 'missingSubcommand', command: command.name, choices };
}

const MENTION = /^<(?:@!?|@&|#)(\d+)>$/;

/** A typed value as the option's type wants it, or null when it isn't one. */
function convert(option: SandboxCommandOption, raw: string): string | number | boolean | null {
  const value = raw.replace(/^"(.*)"$/s, '$1').trim();
  if (value === '') return null;
  if (option.choices.length > 0) {
    const choice = option.choices.find(
      (c) =>
        String(c.value).toLowerCase() === value.toLowerCase() || c.name.toLowerCase() === value.toLowerCase(),
    );
    return choice ? choice.value : null;
  }
  switch (option.type) {
    case 'string':
      return value;
    case 'integer':
      return /^-?\d+$/.test(value) ? Number(value) : null;
    case 'number': {
      const number = Number(value);
      return Number.isFinite(number) ? number : null;
    }
    case 'boolean':
      return BOOLEANS[value.toLowerCase()] ?? null;
    case 'user':
    case 'channel':
    case 'role':
    case 'mentionable':
      return MENTION.exec(value)?.[1] ?? (/^\d{15,21}$/.test(value) ? value : null);
    default:
      return null;
  }
}

function expectedOf(option: SandboxCommandOption): string {
  if (option.choices.length > 0) return option.choices.map((c) => c.value).join(' | ');
  return option.type;
}

/**
 * Parses `/name key:value key:value` or `/name free text` (the text goes to the first required
 * string option, else the first string option), with `/name sub …` for subcommands. Values are
 * typed as the command declares them; choices match by value or name.
 */
export function parseCommand(line: string, commands: SandboxCommand[]): ParseResult {
  const target = resolveTarget(line, commands);
  if ('kind' in target) return { ok: false, error: target };
  const { options: declared, rest } = target;
  const options: ParsedCommand['options'] = {};
  // `name:` of a declared option starts a value, which runs to the next one.
  const names = declared.map((o) => escapeRegExp(o.name));
  const keyPattern = names.length > 0 ? new RegExp(`(?:^|\\s)(${names.join('|')}):`, 'gi') : null;
  const keys = keyPattern ? [...rest.matchAll(keyPattern)] : [];
  const freeText = rest.slice(0, keys[0]?.index ?? rest.length).trim();
  if (freeText) {
    const strings = declared.filter((o) => o.type === 'string' && o.choices.length === 0);
    const target = strings.find((o) => o.required) ?? strings[0];
    if (!target)
      return { ok: false, error: { kind: 'noFreeText', command: line.trim().split(/\s/)[0] ?? '' } };
    options[target.name] = freeText;
  }
  for (const [index, key] of keys.entries()) {
    const option = declared.find((o) => o.name === key[1]?.toLowerCase());
    if (!option) continue;
    const start = (key.index ?? 0) + key[0].length;
    const end = keys[index + 1]?.index ?? rest.length;
    const value = convert(option, rest.slice(start, end));
    if (value === null)
      return { ok: false, error: { kind: 'badValue', option: option.name, expected: expectedOf(option) } };
    options[option.name] = value;
  }
  const missing = declared.find((o) => o.required && !(o.name in options));
  if (missing) return { ok: false, error: { kind: 'missingOption', option: missing.name } };
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

/**
 * What to offer for the text typed so far: command names (with subcommands) while the name is
 * typed, then the options not given yet (`key:`), then an option's choices.
 */
export function suggest(line: string, commands: SandboxCommand[]): Suggestion[] {
  if (line !== '' && !line.startsWith('/')) return [];
  const partial = /^\/?(\S*)$/.exec(line)?.[1];
  if (partial !== undefined) {
    return commands
      .flatMap((c) =>
        c.subcommands.length === 0
          ? [{ value: `/${c.name} `, label: c.description }]
          : c.subcommands.map((s) => ({
              value: `/${c.name} ${s.group ? `${s.group} ` : ''}${s.name} `,
              label: s.description,
            })),
      )
      .filter((s) => s.value.startsWith(`/${partial.toLowerCase()}`))
      .slice(0, MAX_SUGGESTIONS);
  }
  const target = resolveTarget(line, commands);
  if ('kind' in target) return [];
  const base = line.replace(/\s+$/, '');
  const choosing = /(?:^|\s)(\S+):(\S*)$/.exec(line);
  const option = choosing && target.options.find((o) => o.name === choosing[1]?.toLowerCase());
  if (option && choosing) {
    const before = line.slice(0, line.length - (choosing[2]?.length ?? 0));
    return option.choices.map((c) => ({ value: `${before}${c.value} `, label: c.name }));
  }
  return target.options
    .filter((o) => !new RegExp(`(?:^|\\s)${escapeRegExp(o.name)}:`, 'i').test(target.rest))
    .map((o) => ({
      value: `${base} ${o.name}:`,
      label: `${o.required ? '* ' : ''}${o.description}`,
    }));
}

/** `/play query:<string> [next:<boolean>]`: how to call the command typed so far, or null. */
export function usageOf(
  line: string,
  commands: SandboxCommand[],
): { usage: string; description: string } | null {
  const target = resolveTarget(line, commands);
  if ('kind' in target) return null;
  const path = [target.command.name, target.group, target.subcommand].filter(Boolean).join(' ');
  const parts = target.options.map((o) =>
    o.required ? `${o.name}:<${expectedOf(o)}>` : `[${o.name}:<${expectedOf(o)}>]`,
  );
  const description =
    target.command.subcommands.find(
      (s) => s.name === target.subcommand && (s.group ?? undefined) === target.group,
    )?.description ?? target.command.description;
  return { usage: [`/${path}`, ...parts].join(' '), description };
}
