import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The dashboard takes its wire types from the server's own schemas (`src/<module>/contract.ts`)
 * and a few plain values (`src/music/player-options.ts`…), without shipping zod or anything of
 * Node. These rules keep it so: a type import may reach only zod and other such files; a value
 * import may reach no package at all, not even through a file it imports.
 */
const root = resolve(import.meta.dirname, '..', '..', '..');
const serverDir = join(root, 'src');

interface Import {
  specifier: string;
  typeOnly: boolean;
}

const IMPORT = /^(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'([^']+)'/gm;

function importsOf(file: string): Import[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((match) => ({
    specifier: match[3] ?? '',
    typeOnly: match[2] !== undefined,
  }));
}

const isRelative = (specifier: string) => specifier.startsWith('.');

/** What a server file pulls in, as "file → package" for every package reached that `allowed` refuses. */
function packagesReached(file: string, allowed: (pkg: string) => boolean, valuesOnly: boolean): string[] {
  const seen = new Set<string>();
  const found: string[] = [];
  const visit = (current: string) => {
    if (seen.has(current)) return;
    seen.add(current);
    for (const { specifier, typeOnly } of importsOf(current)) {
      if (valuesOnly && typeOnly) continue;
      if (isRelative(specifier)) visit(resolve(dirname(current), specifier));
      else if (!allowed(specifier)) found.push(`${relative(root, current)} → ${specifier}`);
    }
  };
  visit(file);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every import of a server file by the dashboard's code. */
const serverImports = sourceFiles(join(root, 'web', 'src')).flatMap((file) =>
  importsOf(file)
    .filter(({ specifier }) => isRelative(specifier))
    .map((found) => ({ ...found, from: file, target: resolve(dirname(file), found.specifier) }))
    .filter(({ target }) => target.startsWith(`${serverDir}/`)),
);

describe('what the dashboard imports from the server', () => {
  it('is found (the checks below are not vacuous)', () => {
    expect(serverImports.some((found) => found.typeOnly)).toBe(true);
    expect(serverImports.some((found) => !found.typeOnly)).toBe(true);
  });

  it('types come from contract files, which reach no package but zod', () => {
    const types = serverImports.filter((found) => found.typeOnly);
    for (const { from, target } of types) {
      expect(
        packagesReached(target, (pkg) => pkg === 'zod', false),
        relative(root, from),
      ).toEqual([]);
    }
  });

  it('values come from plain files, which reach no package at all (no zod in the bundle)', () => {
    const values = serverImports.filter((found) => !found.typeOnly);
    for (const { from, target } of values) {
      expect(
        packagesReached(target, () => false, true),
        relative(root, from),
      ).toEqual([]);
    }
  });
});
