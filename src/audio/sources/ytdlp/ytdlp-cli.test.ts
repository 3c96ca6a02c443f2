import { describe, expect, it } from 'vitest';
import { ytDlpErrorMessage } from './ytdlp-cli.ts';

describe('ytDlpErrorMessage', () => {
  it('keeps the reason of the last ERROR line, without the extractor and id', () => {
    const stderr =
      'WARNING: [youtube] x: slow\nERROR: [youtube] dQw4w9WgXcQ: Sign in to confirm you’re not a bot\n';
    expect(ytDlpErrorMessage(stderr)).toBe('Sign in to confirm you’re not a bot');
  });

  it('keeps a message that has no extractor tag whole', () => {
    expect(ytDlpErrorMessage('ERROR: Unsupported URL: https://a.example/')).toBe(
      'Unsupported URL: https://a.example/',
    );
  });

  it('returns null when yt-dlp said nothing useful', () => {
    expect(ytDlpErrorMessage('Traceback (most recent call last):\n')).toBeNull();
  });
});
