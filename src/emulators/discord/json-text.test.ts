import { describe, expect, it } from 'vitest';
import { parseDiscordJson, quoteUnsafeIntegers } from './json-text.ts';

describe('parseDiscordJson', () => {
  it('keeps 64-bit integer snowflakes exact, as their decimal strings', () => {
    expect(parseDiscordJson('{"guild_id":1579611264311754752,"ids":[1579611264311754753]}')).toEqual({
      guild_id: '1579611264311754752',
      ids: ['1579611264311754753'],
    });
  });

  it('leaves numbers a double holds exactly, and everything inside strings, alone', () => {
    const text =
      '{"limit":0,"n":-12,"f":1.5e3,"max":9007199254740991,"s":"1579611264311754752 \\" 99999999999999999999"}';
    expect(quoteUnsafeIntegers(text)).toBe(text);
    expect(parseDiscordJson(text)).toEqual(JSON.parse(text));
  });
});
