import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Modules use each other only through their public surface: `index.ts`, or `contract.ts` (the
 * browser-clean wire schemas the dashboard shares, which can't go through an index that pulls
 * in Node code), or `schema.ts` (its Drizzle tables, which another module's tables may reference
 * in a foreign key). A module is a folder directly under src/, or one of the nested ones below.
 * Inside a module anything goes; tests under test/ may reach internals.
 */
const NESTED_MODULES = [
  'emulators/discord/voice',
  'emulators/discord',
  'emulators/lrclib',
  // Scrobbling emulators (#15): the scrobble clients' tests start them through their index.ts.
  'emulators/listenbrainz',
  'emulators/lastfm',
  // What those emulators share (going down and coming back, control operations).
  'emulators/outage',
];
const PUBLIC_FILES = ['index.ts', 'contract.ts', 'schema.ts'];
const SRC = resolve(import.meta.dirname, '..', 'src');

function moduleOf(pathInSrc: string): string {
  return NESTED_MODULES.find((nested) => pathInSrc.startsWith(`${nested}/`)) ?? pathInSrc.split('/')[0]!;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every relative import of `file` that enters another module other than through its surface. */
function crossings(file: string, text: string): string[] {
  const from = moduleOf(relative(SRC, file));
  const found: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
    const target = relative(SRC, resolve(dirname(file), match[1]!));
    if (target.startsWith('..')) continue;
    const to = moduleOf(target);
    if (to === from) continue;
    if (PUBLIC_FILES.some((name) => target === `${to}/${name}`)) continue;
    found.push(`${relative(SRC, file)} imports ${target}`);
  }
  return found;
}

describe('module boundaries', () => {
  it('lets modules reach each other only through index.ts or contract.ts', () => {
    const files = sources(SRC);
    expect(files.length).toBeGreaterThan(200);
    expect(files.flatMap((file) => crossings(file, readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('catches an import of another module’s internals (the rule can fail)', () => {
    const file = join(SRC, 'gateway', 'commands', 'x.ts');
    expect(crossings(file, "import { a } from '../../music/queue-model.ts';")).toEqual([
      'gateway/commands/x.ts imports music/queue-model.ts',
    ]);
    expect(crossings(file, "import { a } from '../../music/index.ts';")).toEqual([]);
    expect(crossings(file, "import type { A } from '../../music/contract.ts';")).toEqual([]);
    expect(crossings(file, "import { a } from '../interactions/router.ts';")).toEqual([]);
    expect(
      crossings(join(SRC, 'cli', 'x.ts'), "import { V } from '../emulators/discord/voice/voice-server.ts';"),
    ).toHaveLength(1);
  });
});
