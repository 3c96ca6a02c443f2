import { describe, expect, expectTypeOf, it } from 'vitest';
import { type PlaceholderNames, translator } from './index.ts';

describe('translator', () => {
  it('fills placeholders and leaves Discord mentions as text', () => {
    expect(translator('en')('error.NOT_SAME_VOICE', { channelId: '42' })).toBe(
      'You need to be in <#42> to control the player.',
    );
  });

  it('says one track and several tracks in English', () => {
    const t = translator('en');
    expect(t('remove.done', { count: 1, titles: 'A' })).toBe('Removed 1 track: A.');
    expect(t('remove.done', { count: 3, titles: 'A, B, C' })).toBe('Removed 3 tracks: A, B, C.');
    expect(t('error.PAGE_OUT_OF_RANGE', { pages: 1 })).toBe('There is only 1 page.');
  });

  it('follows each language’s plural rules: French treats 0 as singular, German agrees the verb', () => {
    expect(translator('fr')('playlist.addedMany', { count: 0, name: 'Mix' })).toBe(
      '0 piste ajoutée à **Mix**.',
    );
    expect(translator('fr')('playlist.addedMany', { count: 2, name: 'Mix' })).toBe(
      '2 pistes ajoutées à **Mix**.',
    );
    expect(translator('de')('play.tooLongSkipped', { count: 1 })).toBe(
      '1 Titel war länger als erlaubt und wurde ausgelassen.',
    );
    expect(translator('es')('history.footer', { page: 1, pages: 2, count: 1 })).toBe(
      'Página 1/2 · 1 reproducción',
    );
  });

  it('writes a count with the language’s digit grouping', () => {
    expect(translator('de')('queue.footer', { count: 1500, duration: '1:00', loop: 'aus' })).toBe(
      '1.500 Titel · 1:00 · Wiederholung: aus',
    );
  });

  it('writes a bound in a refusal as the language writes numbers', () => {
    expect(translator('de')('error.SETTING_TOO_SMALL', { field: 'Skip-Quote', min: 0.1 })).toBe(
      '**Skip-Quote** muss mindestens 0,1 sein.',
    );
  });

  it('says an empty queue, one track and a range apart when a position is out of range', () => {
    const t = translator('en');
    expect(t('error.BAD_POSITION', { max: 0 })).toBe('Nothing is queued after the current track.');
    expect(t('error.BAD_POSITION', { max: 1 })).toBe('Only one track is queued: pick position 1.');
    expect(t('error.BAD_POSITION', { max: 7 })).toBe('Pick a position between 1 and 7.');
    expect(translator('fr')('error.BAD_POSITION', { max: 0 })).toBe(
      'Rien n’est en attente après la piste en cours.',
    );
  });

  it('shows a placeholder left without a value instead of failing the reply', () => {
    // @ts-expect-error: the type asks for `title`; a caller that gets past it still gets a reply.
    expect(translator('en')('play.started', {})).toBe('Now playing **{title}**.');
  });

  it('has the type checker ask for every placeholder of a known key', () => {
    const t = translator('en');
    // @ts-expect-error: `position` is missing
    t('play.queued', { title: 'A' });
    // @ts-expect-error: the count of a plural is a placeholder too
    t('remove.done', { titles: 'A' });
    // @ts-expect-error: a message with placeholders needs its params
    t('skip.voted');
    expect(t('play.queued', { title: 'A', position: 2 })).toBe('Added **A** to the queue at position 2.');
    // A key chosen at run time is left to catalog-placeholders.test.ts.
    const key = Math.random() < 2 ? 'play.queued' : 'play.started';
    expect(t(key, { title: 'A', position: 1 })).toMatch(/\*\*A\*\*/);
  });

  it('reads the placeholders of an ICU message as a type, plural branches included', () => {
    expectTypeOf<
      PlaceholderNames<'{count, plural, one {# track by {who}} other {# tracks}} in <#{channelId}> ({max, number})'>
    >().toEqualTypeOf<'count' | 'who' | 'channelId' | 'max'>();
    expectTypeOf<PlaceholderNames<'No placeholders.'>>().toEqualTypeOf<never>();
    expectTypeOf<
      PlaceholderNames<'{max, plural, =0 {Nothing.} one {Only one.} other {Between 1 and #.}}'>
    >().toEqualTypeOf<'max'>();
  });

  it('returns a message without placeholders as written', () => {
    expect(translator('fr')('skip.done')).toBe('Piste passée.');
  });
});
