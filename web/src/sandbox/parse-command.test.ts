/** The sandbox page's command box: typed lines to slash commands (web/src/sandbox/parse-command.ts). */
import { describe, expect, it } from 'vitest';
import type { SandboxCommand, SandboxCommandOption } from '../../../src/api/sandbox/contract.ts';
import {
  autocompleteQuestion,
  parseCommand,
  suggest,
  typedValue,
  usageOf,
  type Vocabulary,
} from './parse-command.ts';

const none = { nameLocalizations: {}, descriptionLocalizations: {} };
const sub = (
  name: string,
  description: string,
  options: SandboxCommandOption[],
  group: string | null = null,
) => ({
  name,
  description,
  ...none,
  group,
  groupLocalizations: {},
  options,
});

const option = (
  name: string,
  type: SandboxCommandOption['type'],
  extra: Partial<SandboxCommandOption> = {},
): SandboxCommandOption => ({
  name,
  description: `the ${name}`,
  nameLocalizations: {},
  descriptionLocalizations: {},
  type,
  required: false,
  autocomplete: false,
  choices: [],
  ...extra,
});

const commands: SandboxCommand[] = [
  {
    name: 'play',
    description: 'Play a track',
    nameLocalizations: { de: 'abspielen', 'es-ES': 'reproducir' },
    descriptionLocalizations: { de: 'Spielt einen Titel', 'es-ES': 'Reproduce una pista' },
    options: [
      option('query', 'string', {
        required: true,
        nameLocalizations: { de: 'suche' },
        descriptionLocalizations: { de: 'Was gespielt wird' },
      }),
      option('next', 'boolean'),
      option('now', 'boolean'),
    ],
    subcommands: [],
  },
  {
    name: 'volume',
    description: 'Set the volume',
    ...none,
    options: [option('level', 'integer', { required: true })],
    subcommands: [],
  },
  {
    name: 'loop',
    description: 'Loop',
    ...none,
    options: [
      option('mode', 'string', {
        required: true,
        choices: [
          { name: 'Off', nameLocalizations: { de: 'Aus' }, value: 'off' },
          { name: 'Track', nameLocalizations: { de: 'Titel' }, value: 'track' },
        ],
      }),
    ],
    subcommands: [],
  },
  {
    name: 'playlist',
    description: 'Playlists',
    ...none,
    options: [],
    subcommands: [
      sub('create', 'Create one', [
        option('name', 'string', { required: true }),
        option('shared', 'boolean'),
      ]),
      sub('list', 'List them', []),
    ],
  },
  {
    name: 'admin',
    description: 'Server settings',
    ...none,
    options: [],
    subcommands: [
      sub(
        'set',
        'Set the DJ',
        [
          option('role', 'role', { required: true }),
          option('channel', 'channel'),
          option('who', 'user'),
          option('speed', 'number'),
        ],
        'dj',
      ),
    ],
  },
];

const vocabulary: Vocabulary = {
  locale: 'en-US',
  users: [{ id: '100000000000000001', name: 'Alice', username: 'alice' }],
  channels: [{ id: '200000000000000001', name: 'music' }],
  roles: [
    { id: '300000000000000001', name: 'DJ' },
    { id: '300000000000000002', name: 'Night Owls' },
  ],
};

describe('parseCommand', () => {
  it('gives free text to the first required string option', () => {
    expect(parseCommand('/play gramophone demo', commands)).toEqual({
      ok: true,
      value: { command: 'play', options: { query: 'gramophone demo' } },
    });
  });

  it('reads key:value pairs with spaces in values, typed as declared', () => {
    expect(parseCommand('/play query:never gonna give next:true', commands)).toEqual({
      ok: true,
      value: { command: 'play', options: { query: 'never gonna give', next: true } },
    });
    expect(parseCommand('/play some words now:yes', commands)).toEqual({
      ok: true,
      value: { command: 'play', options: { query: 'some words', now: true } },
    });
    expect(parseCommand('/volume level:80', commands)).toEqual({
      ok: true,
      value: { command: 'volume', options: { level: 80 } },
    });
    expect(parseCommand('/volume 55', commands)).toMatchObject({ ok: false, error: { kind: 'noFreeText' } });
  });

  it('matches choices by value or name', () => {
    expect(parseCommand('/loop mode:Track', commands)).toEqual({
      ok: true,
      value: { command: 'loop', options: { mode: 'track' } },
    });
    expect(parseCommand('/loop mode:forever', commands)).toEqual({
      ok: false,
      error: { kind: 'badValue', option: 'mode', expected: 'off | track' },
    });
  });

  it('finds subcommands', () => {
    expect(parseCommand('/playlist create Road trip shared:true', commands)).toEqual({
      ok: true,
      value: { command: 'playlist', subcommand: 'create', options: { name: 'Road trip', shared: true } },
    });
    expect(parseCommand('/playlist list', commands)).toEqual({
      ok: true,
      value: { command: 'playlist', subcommand: 'list', options: {} },
    });
    expect(parseCommand('/playlist burn', commands)).toEqual({
      ok: false,
      error: { kind: 'missingSubcommand', command: 'playlist', choices: 'create, list' },
    });
  });

  it('refuses unknown commands, bad values and missing options', () => {
    expect(parseCommand('/dance', commands)).toEqual({
      ok: false,
      error: { kind: 'unknownCommand', name: 'dance' },
    });
    expect(parseCommand('/volume level:loud', commands)).toMatchObject({
      ok: false,
      error: { kind: 'badValue', option: 'level' },
    });
    expect(parseCommand('/play next:true', commands)).toEqual({
      ok: false,
      error: { kind: 'missingOption', option: 'query' },
    });
  });
});

describe('parseCommand with every option type', () => {
  it('takes quoted strings, with colons and quotes inside', () => {
    expect(parseCommand('/play query:"a: b \\"c\\"" next:no', commands)).toEqual({
      ok: true,
      value: { command: 'play', options: { query: 'a: b "c"', next: false } },
    });
    expect(parseCommand('/play "next:true is a title"', commands)).toEqual({
      ok: true,
      value: { command: 'play', options: { query: 'next:true is a title' } },
    });
  });

  it('reads users, channels and roles by mention, id or name, in a subcommand group', () => {
    expect(
      parseCommand('/admin dj set role:@DJ channel:#music who:alice speed:1,5', commands, vocabulary),
    ).toEqual({
      ok: true,
      value: {
        command: 'admin',
        subcommandGroup: 'dj',
        subcommand: 'set',
        options: {
          role: '300000000000000001',
          channel: '200000000000000001',
          who: '100000000000000001',
          speed: 1.5,
        },
      },
    });
    expect(
      parseCommand(
        '/admin dj set role:<@&300000000000000002> who:<@!100000000000000001>',
        commands,
        vocabulary,
      ),
    ).toMatchObject({
      ok: true,
      value: { options: { role: '300000000000000002', who: '100000000000000001' } },
    });
    expect(parseCommand('/admin dj set role:"Night Owls"', commands, vocabulary)).toMatchObject({
      ok: true,
      value: { options: { role: '300000000000000002' } },
    });
    expect(parseCommand('/admin dj set role:@nobody', commands, vocabulary)).toEqual({
      ok: false,
      error: { kind: 'badValue', option: 'role', expected: 'role' },
    });
  });

  it('accepts the names Discord shows in the user’s language, and yes/no in it', () => {
    const german = { ...vocabulary, locale: 'de' };
    expect(parseCommand('/abspielen suche:Kraftwerk next:ja', commands, german)).toEqual({
      ok: true,
      value: { command: 'play', options: { query: 'Kraftwerk', next: true } },
    });
    expect(parseCommand('/abspielen next:ja', commands, german)).toEqual({
      ok: false,
      error: { kind: 'missingOption', option: 'suche' },
    });
    expect(parseCommand('/loop mode:Titel', commands, german)).toEqual({
      ok: true,
      value: { command: 'loop', options: { mode: 'track' } },
    });
    // The own name still works.
    expect(parseCommand('/play hello', commands, german)).toMatchObject({ ok: true });
  });
});

describe('suggest and usageOf', () => {
  it('speaks the user’s language', () => {
    const german = { ...vocabulary, locale: 'de' };
    expect(suggest('/abs', commands, german)).toEqual([
      { value: '/abspielen ', label: 'Spielt einen Titel' },
    ]);
    expect(usageOf('/abspielen', commands, german)).toEqual({
      usage: '/abspielen suche:<string> [next:<boolean>] [now:<boolean>]',
      description: 'Spielt einen Titel',
    });
    expect(suggest('/reproducir', commands, { ...vocabulary, locale: 'es-ES' })[0]?.label).toBe(
      'Reproduce una pista',
    );
  });

  it('lists the subcommands while none is typed yet', () => {
    expect(usageOf('/playlist ', commands)).toEqual({
      usage: '/playlist <create | list>',
      description: 'Playlists',
      subcommands: [
        { usage: '/playlist create name:<string> [shared:<boolean>]', description: 'Create one' },
        { usage: '/playlist list', description: 'List them' },
      ],
    });
    expect(suggest('/playlist cr', commands).map((s) => s.value)).toEqual(['/playlist create ']);
    expect(usageOf('/admin', commands)?.usage).toBe('/admin <dj set>');
  });

  it('offers names for user, channel and role options', () => {
    expect(suggest('/admin dj set role:', commands, vocabulary).map((s) => s.value)).toEqual([
      '/admin dj set role:@DJ ',
      '/admin dj set role:@"Night Owls" ',
    ]);
    expect(suggest('/admin dj set role:@DJ channel:#m', commands, vocabulary).map((s) => s.value)).toEqual([
      '/admin dj set role:@DJ channel:#music ',
    ]);
  });

  it('offers commands (and subcommands) by prefix, then missing options, then choices', () => {
    expect(suggest('/pl', commands).map((s) => s.value)).toEqual([
      '/play ',
      '/playlist create ',
      '/playlist list ',
    ]);
    expect(suggest('/play query:x ', commands).map((s) => s.value)).toEqual([
      '/play query:x next:',
      '/play query:x now:',
    ]);
    expect(suggest('/loop mode:', commands).map((s) => s.value)).toEqual([
      '/loop mode:off ',
      '/loop mode:track ',
    ]);
    expect(suggest('hello', commands)).toEqual([]);
  });

  it('says how to call the command typed so far', () => {
    expect(usageOf('/play', commands)).toEqual({
      usage: '/play query:<string> [next:<boolean>] [now:<boolean>]',
      description: 'Play a track',
    });
    expect(usageOf('/playlist create x', commands)?.usage).toBe(
      '/playlist create name:<string> [shared:<boolean>]',
    );
    expect(usageOf('/nothing', commands)).toBeNull();
  });
});

describe('autocompleteQuestion', () => {
  const withAutocomplete: SandboxCommand[] = commands.map((c) =>
    c.name === 'play'
      ? { ...c, options: c.options.map((o) => (o.name === 'query' ? { ...o, autocomplete: true } : o)) }
      : c,
  );

  it('asks for the option being typed, free text or key:value, with the options before it', () => {
    expect(autocompleteQuestion('/play never gon', withAutocomplete)).toEqual({
      request: { command: 'play', options: { query: 'never gon' }, focused: 'query' },
      before: '/play ',
    });
    expect(autocompleteQuestion('/play next:yes query:"never gon', withAutocomplete)).toEqual({
      request: { command: 'play', options: { next: true, query: 'never gon' }, focused: 'query' },
      before: '/play next:yes query:',
    });
  });

  it('asks nothing for an option without autocomplete, or before a command is chosen', () => {
    expect(autocompleteQuestion('/play never gon', commands)).toBeNull();
    expect(autocompleteQuestion('/play query:x next:', withAutocomplete)).toBeNull();
    expect(autocompleteQuestion('/pla', withAutocomplete)).toBeNull();
  });

  it('types a picked value as the parser reads it back', () => {
    expect(typedValue('https://example.com/a b')).toBe('"https://example.com/a b"');
    expect(typedValue('plain')).toBe('plain');
    const line = `/play query:${typedValue('a: "b"')}`;
    expect(parseCommand(line, commands)).toMatchObject({ ok: true, value: { options: { query: 'a: "b"' } } });
  });
});
