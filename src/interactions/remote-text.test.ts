import { describe, expect, it } from 'vitest';
import { remoteText, withoutControlCharacters } from './remote-text.ts';

describe('remoteText', () => {
  it('escapes markdown a title could use to format or fake a message', () => {
    expect(remoteText('**bold** _it_ `code` ~~gone~~ ||spoiler||')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~gone\\~\\~ \\|\\|spoiler\\|\\|',
    );
    expect(remoteText('[free nitro](https://evil.example)')).not.toMatch(/^\[free nitro\]\(/);
    expect(remoteText('# Big')).toBe('\\# Big');
  });

  it('turns control characters, line breaks and bidi overrides into spaces', () => {
    expect(withoutControlCharacters('a\u0000b\nc\u202ed\u007f')).toBe('a b c d ');
    expect(remoteText('line\n> quote')).toBe('line > quote');
  });

  it('leaves ordinary titles as they are', () => {
    expect(remoteText('Daft Punk - One More Time (Radio Edit)')).toBe(
      'Daft Punk - One More Time (Radio Edit)',
    );
  });
});
