import { describe, expect, it } from 'vitest';
import { listenedText } from './Overview.tsx';

describe('listenedText', () => {
  it('never reads a short session as 0: seconds, then minutes, then hours with one decimal', () => {
    expect(listenedText(40_000, 'en')).toBe('40 sec');
    expect(listenedText(147_500, 'en')).toBe('2 min');
    expect(listenedText(6_480_000, 'en')).toBe('1.8 hr');
    expect(listenedText(6_480_000, 'de')).toBe('1,8 Std.');
  });
});
