import { describe, expect, it } from 'vitest';
import { lineIndexAt } from './line-at.ts';
import { parseLrc, plainTextOf } from './lrc.ts';

describe('parseLrc', () => {
  it('reads timed lines with hundredths, tenths, thousandths or whole seconds', () => {
    const { lines } = parseLrc('[00:01.5]one\n[00:02.25]two\n[00:03.125]three\n[01:04]four');
    expect(lines).toEqual([
      { timeMs: 1_500, text: 'one' },
      { timeMs: 2_250, text: 'two' },
      { timeMs: 3_125, text: 'three' },
      { timeMs: 64_000, text: 'four' },
    ]);
  });

  it('repeats a line for each of its timestamps and sorts by time', () => {
    const { lines } = parseLrc('[00:10.00][00:40.00]Chorus\n[00:20.00]Verse');
    expect(lines).toEqual([
      { timeMs: 10_000, text: 'Chorus' },
      { timeMs: 20_000, text: 'Verse' },
      { timeMs: 40_000, text: 'Chorus' },
    ]);
  });

  it('keeps header tags apart and applies [offset:] (positive shows lines sooner)', () => {
    const sooner = parseLrc('[ar:The Band]\n[ti:The Song]\n[offset:+500]\n[00:10.00]Hello\n[00:00.20]Start');
    expect(sooner.tags).toEqual({ ar: 'The Band', ti: 'The Song' });
    expect(sooner.lines).toEqual([
      { timeMs: 0, text: 'Start' },
      { timeMs: 9_500, text: 'Hello' },
    ]);
    expect(parseLrc('[offset:-250]\n[00:10.00]Hello').lines).toEqual([{ timeMs: 10_250, text: 'Hello' }]);
  });

  it('keeps empty lines as instrumental breaks, drops enhanced word timings, ignores untimed text', () => {
    const { lines } = parseLrc(
      'some credit line\r\n[00:01.00] <00:01.00>Word <00:01.50>by <00:02.00>word\r\n[00:03.00]\r\n',
    );
    expect(lines).toEqual([
      { timeMs: 1_000, text: 'Word by word' },
      { timeMs: 3_000, text: '' },
    ]);
  });

  it('accepts [mm:ss:xx] and finds no lines in plain text', () => {
    expect(parseLrc('[00:07:50]Colon').lines).toEqual([{ timeMs: 7_500, text: 'Colon' }]);
    expect(parseLrc('Just words\nNo times').lines).toEqual([]);
  });
});

describe('plainTextOf', () => {
  it('joins the sung lines, without the breaks', () => {
    expect(plainTextOf(parseLrc('[00:01.00]a\n[00:02.00]\n[00:03.00]b').lines)).toBe('a\nb');
  });
});

describe('lineIndexAt', () => {
  const { lines } = parseLrc('[00:01.00]a\n[00:02.00]b\n[00:03.00]c');
  it.each([
    [0, -1],
    [999, -1],
    [1_000, 0],
    [2_500, 1],
    [3_000, 2],
    [60_000, 2],
  ])('at %i ms is line %i', (positionMs, index) => {
    expect(lineIndexAt(lines, positionMs)).toBe(index);
  });
  it('is -1 without lines', () => {
    expect(lineIndexAt([], 5_000)).toBe(-1);
  });
});
