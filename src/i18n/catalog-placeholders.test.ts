import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCatalogUses, type SourceFile } from '../../test/support/catalog-callers.ts';
import { en, languages, type MessageKey } from './index.ts';
import { placeholdersOf } from './message-format.ts';

const srcDir = path.resolve(import.meta.dirname, '..');
const catalogFiles = new Set(
  Object.keys(languages).map((language) => path.join(import.meta.dirname, `${language}.ts`)),
);

function botSources(): SourceFile[] {
  return readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
    .map((file) => path.join(srcDir, file))
    .filter((file) => !catalogFiles.has(file))
    .map((fileName) => ({ fileName, text: readFileSync(fileName, 'utf8') }));
}

const keys = Object.keys(en) as MessageKey[];
const placeholders = new Map(
  keys.map((key) => [
    key,
    new Set(Object.values(languages).flatMap((catalog) => placeholdersOf(catalog[key]))),
  ]),
);
const keysWithPlaceholders: ReadonlySet<string> = new Set(
  keys.filter((key) => (placeholders.get(key)?.size ?? 0) > 0),
);

/** Strings in the sources that happen to spell a message key but are not said. */
const notMessages = [
  "src/settings/settings-updated.ts 'settings.updated'", // the bus topic of a settings change
];

/** Each saying whose parameters leave a placeholder of one of its keys unfilled, in any language. */
function unfilled(sources: SourceFile[]): string[] {
  const { sayings } = findCatalogUses(sources, keys, keysWithPlaceholders);
  return sayings.flatMap((saying) => {
    if (saying.names === null) return [];
    const names = saying.names;
    return saying.keys.flatMap((key) => {
      const missing = [...(placeholders.get(key as MessageKey) ?? [])].filter(
        (name) => !names.includes(name),
      );
      return missing.length ? [`${saying.where} ${key}: missing ${missing.join(', ')}`] : [];
    });
  });
}

describe('catalog placeholders', () => {
  const sources = botSources();
  const uses = findCatalogUses(sources, keys, keysWithPlaceholders);

  it('finds the bot’s sayings (the scan reads the real sources)', () => {
    expect(uses.sayings.length).toBeGreaterThan(100);
    expect(uses.sayings.some((s) => s.keys.includes('play.queued'))).toBe(true);
  });

  it('has every caller fill every placeholder of the message it says, in every language', () => {
    expect(unfilled(sources)).toEqual([]);
  });

  it('can tell what fills each written key with placeholders', () => {
    const unknown = uses.sayings
      .filter((saying) => saying.written && saying.names === null)
      .flatMap((saying) =>
        saying.keys.filter((key) => keysWithPlaceholders.has(key)).map((key) => `${saying.where} ${key}`),
      );
    expect(unknown).toEqual([]);
  });

  it('follows every written key with placeholders to where it is said', () => {
    const unfollowed = uses.unfollowed.filter((use) => !notMessages.includes(use.replace(/:\d+ /, ' ')));
    expect(unfollowed).toEqual([]);
  });

  it('has the same placeholders in every language as in English', () => {
    const differing = Object.entries(languages).flatMap(([language, catalog]) =>
      keys
        .filter((key) => placeholdersOf(catalog[key]).join() !== placeholdersOf(en[key]).join())
        .map((key) => `${language} ${key}`),
    );
    expect(differing).toEqual([]);
  });

  describe('the scan itself', () => {
    const file = (text: string): SourceFile[] => [{ fileName: path.join(srcDir, 'sample.ts'), text }];

    it('reports a translation that leaves a placeholder empty', () => {
      expect(unfilled(file(`t('play.queued', { title });`))).toEqual([
        expect.stringMatching(/sample\.ts:1 play\.queued: missing position$/),
      ]);
      expect(unfilled(file(`t('play.queued', { title, position });`))).toEqual([]);
    });

    it('reads refusals as error.<CODE> with what the renderer adds', () => {
      expect(unfilled(file(`throw new MusicError('QUEUE_FULL');`))).toEqual([
        expect.stringMatching(/error\.QUEUE_FULL: missing max$/),
      ]);
      expect(unfilled(file(`throw new MusicError('LOAD_FAILED', { query });`))).toEqual([]);
      expect(unfilled(file(`throw new UserFacingError('error.SEEK_OUT_OF_RANGE', {});`))).toEqual([
        expect.stringMatching(/missing length$/),
      ]);
    });

    it('follows a key through a helper to the params the helper gives it', () => {
      const helper = `
        function run(context, op, reply) { const x = typeof reply === 'string' ? { key: reply, params: {} } : reply(); }
        run(context, op, 'volume.done');
        run(context, op, () => ({ key: 'volume.done', params: { volume } }));
      `;
      expect(unfilled(file(helper))).toEqual([
        expect.stringMatching(/sample\.ts:3 volume\.done: missing volume$/),
      ]);
    });

    it('checks both keys of a choice and every key a template spells', () => {
      expect(unfilled(file(`t(shared ? 'playlist.createdShared' : 'playlist.created', {});`))).toHaveLength(
        2,
      );
      expect(unfilled(file(`t(\`playlist.${'$'}{kind}\`, { name });`)).join()).toContain(
        'playlist.saved: missing count',
      );
    });

    it('follows a key handed over in an object of replies', () => {
      const helper = `
        function cleanup(name, op, replies) { return () => ({ key: replies.done, params: { count } }); }
        cleanup('removedupes', op, { done: 'play.queuedMany' });
      `;
      expect(unfilled(file(helper))).toEqual([expect.stringMatching(/play\.queuedMany: missing name$/)]);
    });

    it('narrows a template to the values its parameter’s type allows', () => {
      const helper = `function seekBy(name: 'seek' | 'volume') { return { key: \`${'$'}{name}.done\`, params: { time } }; }`;
      expect(unfilled(file(helper))).toEqual([expect.stringMatching(/volume\.done: missing volume$/)]);
    });

    it('reports a key with placeholders written where it can’t be followed', () => {
      const uses = findCatalogUses(file(`const table = ['play.queued'];`), keys, keysWithPlaceholders);
      expect(uses.unfollowed).toEqual([expect.stringMatching(/sample\.ts:1 'play\.queued'$/)]);
    });
  });
});
