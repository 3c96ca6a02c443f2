/**
 * The settings form apart from React: what an input holds for a value, what a typed value
 * means (or what is wrong with it), and which fields differ from what the server has. All of it
 * follows the descriptors of `GET …/settings/schema`, so a new setting needs nothing here.
 */
import type { SettingDescriptor, SettingValue } from '../../../src/settings/contract.ts';
import type { Locale } from '../i18n/index.ts';
import { settingTexts } from './messages.ts';

/**
 * A guild's settings as this form holds them: whatever keys the descriptors name, each a
 * `SettingValue`. The api's `GuildSettings` is one such record; a patch is a part of one.
 */
export type GuildSettings = Record<string, SettingValue>;

/** What an input holds: a switch's state, or the text typed or chosen ('' is "none"). */
export type InputValue = string | boolean;
export type Draft = Record<string, InputValue>;

/** Why a typed value can't be saved; turned into a sentence by the page. */
export type Problem =
  | { kind: 'required' }
  | { kind: 'integer' }
  | { kind: 'number' }
  | { kind: 'min'; min: number }
  | { kind: 'max'; max: number }
  | { kind: 'step'; step: number }
  | { kind: 'color' }
  | { kind: 'pattern' }
  | { kind: 'maxLength'; max: number }
  | { kind: 'choice' };

export type Parsed = { ok: true; value: SettingValue } | { ok: false; problem: Problem };

export function toInput(setting: SettingDescriptor, value: SettingValue | undefined): InputValue {
  if (setting.type === 'boolean') return value === true;
  return value === null || value === undefined ? '' : String(value);
}

export function draftOf(schema: SettingDescriptor[], settings: GuildSettings): Draft {
  return Object.fromEntries(schema.map((setting) => [setting.key, toInput(setting, settings[setting.key])]));
}

// As `<input type=number>` accepts them and `String(number)` writes them: exponents included.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * What an input means, checked against the setting's type and bounds. `badInput` is the
 * browser's word that a number field holds text that is no number (its value is then '').
 */
export function parseInput(setting: SettingDescriptor, input: InputValue, badInput = false): Parsed {
  if (setting.type === 'boolean') return { ok: true, value: input === true };
  const text = String(input);
  const trimmed = setting.type === 'string' && !setting.picker ? text : text.trim();
  if (badInput) return { ok: false, problem: { kind: setting.type === 'integer' ? 'integer' : 'number' } };
  if (trimmed === '') {
    if (setting.nullable) return { ok: true, value: null };
    if (setting.type === 'string' && setting.pattern === null) return checkString(setting, trimmed);
    return { ok: false, problem: { kind: 'required' } };
  }
  switch (setting.type) {
    case 'integer':
    case 'number':
      return checkNumber(setting, trimmed);
    case 'enum':
      return setting.values?.includes(trimmed)
        ? { ok: true, value: trimmed }
        : { ok: false, problem: { kind: 'choice' } };
    case 'string':
      return checkString(setting, trimmed);
  }
}

function checkNumber(setting: SettingDescriptor, text: string): Parsed {
  const value = Number(text);
  // 1e400 is written like a number but is none.
  if (!NUMBER.test(text) || !Number.isFinite(value))
    return { ok: false, problem: { kind: setting.type === 'integer' ? 'integer' : 'number' } };
  if (setting.type === 'integer' && !Number.isInteger(value))
    return { ok: false, problem: { kind: 'integer' } };
  if (setting.min !== null && value < setting.min)
    return { ok: false, problem: { kind: 'min', min: setting.min } };
  if (setting.max !== null && value > setting.max)
    return { ok: false, problem: { kind: 'max', max: setting.max } };
  if (setting.step !== null) {
    const steps = value / setting.step;
    if (Math.abs(steps - Math.round(steps)) > 1e-9)
      return { ok: false, problem: { kind: 'step', step: setting.step } };
  }
  return { ok: true, value };
}

function checkString(setting: SettingDescriptor, text: string): Parsed {
  if (setting.maxLength !== null && text.length > setting.maxLength) {
    return { ok: false, problem: { kind: 'maxLength', max: setting.maxLength } };
  }
  if (setting.pattern !== null && !safeRegExp(setting.pattern)?.test(text)) {
    return { ok: false, problem: { kind: setting.format === 'color' ? 'color' : 'pattern' } };
  }
  return { ok: true, value: text };
}

function safeRegExp(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern);
  } catch {
    // A pattern JavaScript can't read is left to the server to check.
    return /[\s\S]*/;
  }
}

/** Whether a field's input differs from the server's value (an unreadable input always does). */
export function isChanged(
  setting: SettingDescriptor,
  input: InputValue,
  serverValue: SettingValue | undefined,
): boolean {
  const parsed = parseInput(setting, input);
  return !parsed.ok || parsed.value !== (serverValue ?? null);
}

/** The keys whose values differ between two settings objects, in the schema's order. */
export function differingKeys(schema: SettingDescriptor[], a: GuildSettings, b: GuildSettings): string[] {
  return schema.filter((setting) => (a[setting.key] ?? null) !== (b[setting.key] ?? null)).map((s) => s.key);
}

/**
 * Takes in settings that changed on the server while the form was open: a field the person
 * hasn't touched shows the new value, one they changed keeps their input.
 */
export function mergeRemote(
  schema: SettingDescriptor[],
  draft: Draft,
  before: GuildSettings,
  after: GuildSettings,
): Draft {
  const next: Draft = { ...draft };
  for (const setting of schema) {
    const input = draft[setting.key] ?? toInput(setting, before[setting.key]);
    if (!isChanged(setting, input, before[setting.key]))
      next[setting.key] = toInput(setting, after[setting.key]);
  }
  return next;
}

/** A setting's label or help in `locale` (English when missing there), or null for a setting without texts. */
export function settingText(locale: Locale, key: string, part: 'label' | 'help'): string | null {
  const id = `${key}.${part}`;
  const local = settingTexts[locale] as Record<string, string | undefined>;
  const english = settingTexts.en as Record<string, string | undefined>;
  return local[id] ?? english[id] ?? null;
}

/** A setting's label; a setting the dashboard has no words for shows its key. */
export function settingLabel(locale: Locale, key: string): string {
  return settingText(locale, key, 'label') ?? key;
}
