import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './index.ts';

function errorsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.lines;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('MUSIC_ADD_RATE', () => {
  it('is a burst of 5 refilled over 10 s when unset or empty', () => {
    expect(parseConfig({}).MUSIC_ADD_RATE).toEqual({ count: 5, windowMs: 10_000 });
    expect(parseConfig({ MUSIC_ADD_RATE: ' ' }).MUSIC_ADD_RATE).toEqual({ count: 5, windowMs: 10_000 });
  });

  it('reads COUNT/WINDOW in ms, s, m or h, and off', () => {
    expect(parseConfig({ MUSIC_ADD_RATE: '3/1m' }).MUSIC_ADD_RATE).toEqual({ count: 3, windowMs: 60_000 });
    expect(parseConfig({ MUSIC_ADD_RATE: '10 / 500ms' }).MUSIC_ADD_RATE).toEqual({
      count: 10,
      windowMs: 500,
    });
    expect(parseConfig({ MUSIC_ADD_RATE: '2/s' }).MUSIC_ADD_RATE).toEqual({ count: 2, windowMs: 1_000 });
    expect(parseConfig({ MUSIC_ADD_RATE: 'off' }).MUSIC_ADD_RATE).toBeNull();
  });

  it('names the variable and the form when it is not a rate', () => {
    for (const bad of ['5', '0/10s', '5/0s', '5 per 10s', '-1/10s']) {
      expect(errorsOf({ MUSIC_ADD_RATE: bad }), bad).toEqual([
        expect.stringMatching(/^MUSIC_ADD_RATE: must be COUNT\/WINDOW like 5\/10s/),
      ]);
    }
  });
});
