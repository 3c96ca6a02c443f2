/**
 * The settings form apart from React (form-model.ts), driven by descriptors made by the server's
 * own `describeSettings`: when the schema endpoint and the form drift apart, these fail.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SettingDescriptor } from '../../../src/settings/contract.ts';
import { defaultGuildSettings, describeSettings } from '../../../src/settings/index.ts';
import { LOCALES } from '../i18n/index.ts';
import {
  type Draft,
  differingKeys,
  draftOf,
  type GuildSettings,
  isChanged,
  mergeRemote,
  parseInput,
  settingLabel,
  settingText,
  toInput,
} from './form-model.ts';

/** What `GET …/settings/schema` answers today (typed as the dashboard sees it). */
const schema: SettingDescriptor[] = describeSettings();
const defaults: GuildSettings = { ...defaultGuildSettings };

const snowflake = z.string().regex(/^\d{15,21}$/);
/** Kinds of field the guild settings don't have (yet), described the same way. */
const extra: SettingDescriptor[] = describeSettings(
  z.object({
    share: z.number().min(0).max(1).multipleOf(0.05).default(0.25),
    everyFive: z.number().int().min(0).max(60).multipleOf(5).default(10),
    anyNumber: z.number().default(0),
    limit: z.number().int().positive().nullable().default(null),
    mode: z.enum(['a', 'b']).nullable().default(null),
    sectionId: snowflake.meta({ picker: 'category' }).default('123456789012345678'),
    tag: z.string().max(8).default('x'),
    nickname: z.string().max(20).nullable().default(null),
    slug: z
      .string()
      .regex(/^[a-z]+$/)
      .default('abc'),
  }),
);

function aSetting(key: string): SettingDescriptor {
  const found = [...schema, ...extra].find((setting) => setting.key === key);
  if (!found) throw new Error(`no setting ${key}`);
  return found;
}

const ok = (value: unknown) => ({ ok: true, value });
const problem = (kind: string, more: object = {}) => ({ ok: false, problem: { kind, ...more } });
const parse = (key: string, input: string | boolean, badInput?: boolean) =>
  parseInput(aSetting(key), input, badInput);

const ROLE = '234567890123456789';
const CHANNEL = '345678901234567890';

describe('toInput and draftOf', () => {
  it('shows the default settings as the inputs hold them', () => {
    expect(draftOf(schema, defaults)).toEqual<Draft>({
      djRoleId: '',
      defaultVolume: '100',
      maxQueueLength: '1000',
      maxTrackLengthSeconds: '0',
      voteSkipRatio: '0.5',
      announceChannelId: '',
      leaveWhenEmptySeconds: '120',
      stayConnected247: false,
      pauseWhenEmpty: false,
      musicTextChannelId: '',
      musicVoiceChannelId: '',
      requestChannelId: '',
      language: 'en',
      embedColor: '#5865F2',
    });
  });

  it('shows none as an empty input, and a missing boolean as off', () => {
    expect(toInput(aSetting('djRoleId'), null)).toBe('');
    expect(toInput(aSetting('djRoleId'), ROLE)).toBe(ROLE);
    expect(toInput(aSetting('defaultVolume'), undefined)).toBe('');
    expect(toInput(aSetting('stayConnected247'), true)).toBe(true);
    expect(toInput(aSetting('stayConnected247'), undefined)).toBe(false);
    expect(draftOf(schema, { defaultVolume: 7 })).toMatchObject({ defaultVolume: '7', maxQueueLength: '' });
  });

  it('reads back every value it shows, however the number is written', () => {
    for (const setting of schema) {
      expect(parseInput(setting, toInput(setting, defaults[setting.key]))).toEqual(ok(defaults[setting.key]));
    }
    for (const value of [0.1 + 0.2, 1e-7, 2.5e-10, 1e21, -123.456]) {
      expect(parse('anyNumber', toInput(aSetting('anyNumber'), value))).toEqual(ok(value));
    }
  });
});

describe('parseInput', () => {
  it('accepts whole numbers inside an integer’s bounds, edges included', () => {
    expect(parse('defaultVolume', '150')).toEqual(ok(150));
    expect(parse('defaultVolume', ' 42 ')).toEqual(ok(42));
    expect(parse('defaultVolume', '0')).toEqual(ok(0));
    expect(parse('defaultVolume', '200')).toEqual(ok(200));
    expect(parse('defaultVolume', '80.0')).toEqual(ok(80));
    expect(parse('defaultVolume', '1e2')).toEqual(ok(100));
    expect(parse('maxTrackLengthSeconds', '86400')).toEqual(ok(86_400));
  });

  it('names the bound an integer is outside of', () => {
    expect(parse('defaultVolume', '201')).toEqual(problem('max', { max: 200 }));
    expect(parse('defaultVolume', '-1')).toEqual(problem('min', { min: 0 }));
    expect(parse('maxQueueLength', '0')).toEqual(problem('min', { min: 1 }));
    expect(parse('maxQueueLength', '5001')).toEqual(problem('max', { max: 5000 }));
  });

  it('refuses fractions and text where a whole number belongs', () => {
    for (const input of ['12.5', 'abc', '0x10', 'Infinity', '1e400', '1,5', '5 0']) {
      expect(parse('defaultVolume', input), input).toEqual(problem('integer'));
    }
  });

  it('accepts decimals inside a number’s bounds and refuses the rest', () => {
    expect(parse('voteSkipRatio', '0.75')).toEqual(ok(0.75));
    expect(parse('voteSkipRatio', '.25')).toEqual(ok(0.25));
    expect(parse('voteSkipRatio', '0.1')).toEqual(ok(0.1));
    expect(parse('voteSkipRatio', '1')).toEqual(ok(1));
    expect(parse('voteSkipRatio', '0.05')).toEqual(problem('min', { min: 0.1 }));
    expect(parse('voteSkipRatio', '1.01')).toEqual(problem('max', { max: 1 }));
    for (const input of ['half', '0.5.1', '0,5', '-']) {
      expect(parse('voteSkipRatio', input), input).toEqual(problem('number'));
    }
    expect(parse('anyNumber', '1e400')).toEqual(problem('number'));
  });

  it('holds numbers to the schema’s step, decimals and integers alike', () => {
    expect(parse('share', '0.35')).toEqual(ok(0.35));
    expect(parse('share', '0.3')).toEqual(ok(0.3));
    expect(parse('share', '0.33')).toEqual(problem('step', { step: 0.05 }));
    expect(parse('everyFive', '15')).toEqual(ok(15));
    expect(parse('everyFive', '7')).toEqual(problem('step', { step: 5 }));
  });

  it('trusts the browser when it says a number field holds no number', () => {
    expect(parse('defaultVolume', '', true)).toEqual(problem('integer'));
    expect(parse('voteSkipRatio', '', true)).toEqual(problem('number'));
    // Not "none": a nullable field with unreadable text must not be saved as null.
    expect(parse('limit', '', true)).toEqual(problem('integer'));
  });

  it('requires a value unless the setting may be none', () => {
    expect(parse('defaultVolume', '')).toEqual(problem('required'));
    expect(parse('voteSkipRatio', '  ')).toEqual(problem('required'));
    expect(parse('language', '')).toEqual(problem('required'));
    expect(parse('embedColor', '')).toEqual(problem('required'));
    expect(parse('sectionId', '')).toEqual(problem('required'));
    expect(parse('limit', '')).toEqual(ok(null));
    expect(parse('mode', '')).toEqual(ok(null));
    expect(parse('nickname', '')).toEqual(ok(null));
    // A plain string without a pattern may be empty.
    expect(parse('tag', '')).toEqual(ok(''));
  });

  it('reads a picker’s empty choice as none, and checks the id it names', () => {
    expect(parse('djRoleId', '')).toEqual(ok(null));
    expect(parse('announceChannelId', ' ')).toEqual(ok(null));
    expect(parse('djRoleId', ROLE)).toEqual(ok(ROLE));
    expect(parse('announceChannelId', ` ${CHANNEL} `)).toEqual(ok(CHANNEL));
    expect(parse('djRoleId', '12')).toEqual(problem('pattern'));
  });

  it('accepts only an enum’s values', () => {
    expect(parse('language', 'de')).toEqual(ok('de'));
    expect(parse('language', ' fr ')).toEqual(ok('fr'));
    expect(parse('language', 'xx')).toEqual(problem('choice'));
    expect(parse('language', 'DE')).toEqual(problem('choice'));
    expect(parse('mode', 'b')).toEqual(ok('b'));
  });

  it('reads a switch as on only when it is on', () => {
    expect(parse('stayConnected247', true)).toEqual(ok(true));
    expect(parse('stayConnected247', false)).toEqual(ok(false));
  });

  it('accepts colours like #rrggbb and calls anything else a bad colour', () => {
    expect(parse('embedColor', '#1DB954')).toEqual(ok('#1DB954'));
    expect(parse('embedColor', '#1db954')).toEqual(ok('#1db954'));
    for (const input of ['1DB954', '#12345', '#1234567', '#GGGGGG', 'red', '#1DB954 ']) {
      expect(parse('embedColor', input), input).toEqual(problem('color'));
    }
  });

  it('keeps plain text as typed, within its length and pattern', () => {
    expect(parse('tag', '  hi ')).toEqual(ok('  hi '));
    expect(parse('tag', 'abcdefgh')).toEqual(ok('abcdefgh'));
    expect(parse('tag', 'abcdefghi')).toEqual(problem('maxLength', { max: 8 }));
    expect(parse('slug', 'abc')).toEqual(ok('abc'));
    expect(parse('slug', 'ABC')).toEqual(problem('pattern'));
    // A pattern JavaScript can't compile is left to the server.
    expect(parseInput({ ...aSetting('slug'), pattern: '(' }, 'ABC')).toEqual(ok('ABC'));
  });
});

describe('which fields changed', () => {
  const changedKeys = (draft: Draft, server: GuildSettings) =>
    schema
      .filter((setting) => isChanged(setting, draft[setting.key] ?? '', server[setting.key]))
      .map((s) => s.key);

  it('counts a value typed back to the server’s as unchanged', () => {
    expect(isChanged(aSetting('defaultVolume'), '100', 100)).toBe(false);
    expect(isChanged(aSetting('defaultVolume'), ' 100.0 ', 100)).toBe(false);
    expect(isChanged(aSetting('defaultVolume'), '101', 100)).toBe(true);
    expect(isChanged(aSetting('voteSkipRatio'), '0.50', 0.5)).toBe(false);
    expect(isChanged(aSetting('djRoleId'), '', null)).toBe(false);
    expect(isChanged(aSetting('djRoleId'), '', undefined)).toBe(false);
    expect(isChanged(aSetting('djRoleId'), ROLE, null)).toBe(true);
    expect(isChanged(aSetting('stayConnected247'), true, true)).toBe(false);
    expect(isChanged(aSetting('stayConnected247'), false, true)).toBe(true);
    // The colour picker answers in upper case: picking the same colour again is no change.
    expect(isChanged(aSetting('embedColor'), '#5865F2', '#5865F2')).toBe(false);
  });

  it('counts an input that can’t be read as changed, so it can’t slip through', () => {
    expect(isChanged(aSetting('defaultVolume'), '', 100)).toBe(true);
    expect(isChanged(aSetting('defaultVolume'), 'abc', 100)).toBe(true);
    expect(isChanged(aSetting('embedColor'), '#5865F', '#5865F2')).toBe(true);
  });

  it('sends only the fields that differ from the server, as their values', () => {
    const server: GuildSettings = { ...defaults, announceChannelId: CHANNEL };
    const draft: Draft = {
      ...draftOf(schema, server),
      djRoleId: ROLE,
      defaultVolume: '80',
      voteSkipRatio: '0.50',
      announceChannelId: '',
      stayConnected247: false,
      language: 'en',
      embedColor: '#1DB954',
    };
    const keys = changedKeys(draft, server);
    expect(keys).toEqual(['djRoleId', 'defaultVolume', 'announceChannelId', 'embedColor']);
    const patch = Object.fromEntries(keys.map((key) => [key, parseInput(aSetting(key), draft[key] ?? '')]));
    expect(patch).toEqual({
      djRoleId: ok(ROLE),
      defaultVolume: ok(80),
      announceChannelId: ok(null),
      embedColor: ok('#1DB954'),
    });
    expect(changedKeys(draftOf(schema, server), server)).toEqual([]);
  });

  it('lists the settings that differ between two settings objects, in the schema’s order', () => {
    const after: GuildSettings = { ...defaults, language: 'de', defaultVolume: 50, unknown: 1 };
    expect(differingKeys(schema, defaults, after)).toEqual(['defaultVolume', 'language']);
    expect(differingKeys(schema, defaults, { ...defaults })).toEqual([]);
    const { djRoleId: _none, ...withoutRole } = defaults;
    expect(differingKeys(schema, defaults, withoutRole)).toEqual([]);
  });
});

describe('mergeRemote', () => {
  it('shows changes made elsewhere in untouched fields and keeps what the person typed', () => {
    const before = defaults;
    const after: GuildSettings = { ...defaults, defaultVolume: 150, maxQueueLength: 200, djRoleId: ROLE };
    const draft: Draft = { ...draftOf(schema, before), defaultVolume: '80', leaveWhenEmptySeconds: 'soon' };
    expect(mergeRemote(schema, draft, before, after)).toEqual<Draft>({
      ...draftOf(schema, after),
      defaultVolume: '80',
      leaveWhenEmptySeconds: 'soon',
    });
  });

  it('treats a field typed back to the old value, or never filled, as untouched', () => {
    const before = defaults;
    const after: GuildSettings = { ...defaults, defaultVolume: 150, language: 'fr' };
    const typed: Draft = { ...draftOf(schema, before), defaultVolume: '100.0' };
    const { language: _missing, ...draft } = typed;
    expect(mergeRemote(schema, draft, before, after)).toEqual(draftOf(schema, after));
  });
});

describe('setting texts', () => {
  it('has a label and help for every setting in every language', () => {
    for (const locale of LOCALES) {
      for (const { key } of schema) {
        expect(settingText(locale, key, 'label'), `${locale} ${key}`).toMatch(/\S/);
        expect(settingText(locale, key, 'help'), `${locale} ${key}`).toMatch(/\S/);
      }
    }
    expect(settingLabel('en', 'defaultVolume')).toBe('Default volume');
    expect(settingLabel('de', 'defaultVolume')).toBe('Standardlautstärke');
  });

  it('shows the key of a setting the dashboard has no words for', () => {
    expect(settingLabel('fr', 'brandNewSetting')).toBe('brandNewSetting');
    expect(settingText('es', 'brandNewSetting', 'help')).toBeNull();
  });
});
