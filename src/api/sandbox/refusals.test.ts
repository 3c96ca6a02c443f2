import { describe, expect, it } from 'vitest';
import { classifyRefusal } from './refusals.ts';

describe('classifyRefusal', () => {
  it('names the kind (and the option) of the emulator’s refusals', () => {
    expect(classifyRefusal('/dance is not registered for this guild or globally')).toEqual({
      refusal: 'unknownCommand',
    });
    expect(classifyRefusal('/playlist needs a subcommand')).toEqual({ refusal: 'needsSubcommand' });
    expect(classifyRefusal('/play has no option "loud"')).toEqual({
      refusal: 'unknownOption',
      option: 'loud',
    });
    expect(classifyRefusal('/play needs option "query"')).toEqual({
      refusal: 'missingOption',
      option: 'query',
    });
    expect(classifyRefusal('option "level" is above 200')).toEqual({ refusal: 'badValue', option: 'level' });
    expect(classifyRefusal('user 1 may not use /config (default_member_permissions)')).toEqual({
      refusal: 'notAllowed',
    });
    expect(classifyRefusal('select "pick" has no option "x"')).toEqual({ refusal: 'componentGone' });
    expect(classifyRefusal('user 1 may not connect to channel 2')).toEqual({ refusal: 'voiceRefused' });
    expect(classifyRefusal('invalid input: options.query: Too big')).toEqual({ refusal: 'other' });
  });
});
