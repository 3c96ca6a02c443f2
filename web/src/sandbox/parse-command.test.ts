/** The sandbox page's command box: typed lines to slash commands (web/src/sandbox/parse-command.ts). */
import { describe, expect, it } from 'vitest';
import type { SandboxCommand, SandboxCommandOption } from '../../../src/api/sandbox/contract.ts';
import { parseCommand, suggest, usageOf } from './parse-command.ts';

const option = (
  name: string,
  type: SandboxCommandOption['type'],
  extra: Partial<SandboxCommandOption> = {},
): SandboxCommandOption => ({
  name,
  description: `the ${name}`,
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
    options: [
      option('query', 'string', { required: true }),
      option('next', 'boolean'),
      option('now', 'boolean'),
    ],
    subcommands: [],
  },
  {
    name: 'volume',
    description: 'Set the volume',
    options: [option('level', 'integer', { required: true })],
    subcommands: [],
  },
  {
    name: 'loop',
    description: 'Loop',
    options: [
      option('mode', 'string', {
        required: true,
        choices: [
          { name: 'Off', value: 'off' },
          { name: 'Track', value: 'track' },
        ],
      }),
    ],
    subcommands: [],
  },
  {
    name: 'playlist',
    description: 'Playlists',
    options: [],
    subcommands: [
      {
        name: 'create',
        description: 'Create one',
        group: null,
        options: [option('name', 'string', { required: true }), option('shared', 'boolean')],
      },
      { name: 'list', description: 'List them', group: null, options: [] },
    ],
  },
];

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

describe('suggest and usageOf', () => {
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
