import { describe, expect, it } from 'vitest';
import { aQueuedTrack } from '../../test/support/music-snapshots.ts';
import { cleanTrackText, withCleanText } from './track-text.ts';

describe('track text from an audio node', () => {
  it('drops NULs and bidi overrides, and turns line breaks into one space', () => {
    expect(cleanTrackText('Night\u0000drive\r\nlive\u202e')).toBe('Nightdrive live');
  });

  it('cleans title and author of a track, and returns a clean track as it is', () => {
    const tainted = aQueuedTrack('Evil\u0000', { author: 'Band\u2066' });
    expect(withCleanText(tainted).info).toMatchObject({ title: 'Evil', author: 'Band' });
    const clean = aQueuedTrack('Fine');
    expect(withCleanText(clean)).toBe(clean);
  });
});
