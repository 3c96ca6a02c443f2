import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimTestResource, testKeyPrefix } from './support/isolation.ts';

/**
 * Test files run in parallel forks, and CI runs may share one PostgreSQL and one Redis. These
 * rules keep every file on state of its own: a fresh database per target
 * (test/support/databases.ts), a random Redis key prefix (testKeyPrefix), a mkdtemp folder for
 * data. Each rule names the one place allowed to do the shared thing.
 */
interface Rule {
  why: string;
  pattern: RegExp;
  allowedIn?: string[];
}

const RULES: Rule[] = [
  {
    why: 'connects to the shared PostgreSQL database itself; use createTestDatabase()',
    pattern: /process\.env\.DATABASE_URL/,
    allowedIn: ['test/support/databases.ts'],
  },
  {
    why: 'creates or drops databases outside the helper that names them uniquely',
    pattern: /\b(CREATE|DROP)\s+DATABASE\b/i,
    allowedIn: ['test/support/databases.ts'],
  },
  {
    why: 'empties the shared Redis under every other test file',
    pattern: /\bflush(all|db)\b/i,
  },
  {
    why: 'a fixed Redis key prefix is shared with every other file and run; use testKeyPrefix()',
    pattern: /(keyPrefix|REDIS_KEY_PREFIX)\s*:\s*['"`]/,
    // Asserts how the variable parses; nothing connects.
    allowedIn: ['src/config/config.test.ts'],
  },
  {
    why: 'a fixed pg-boss schema name; pg-boss lives in the file’s own database under its default schema',
    pattern: /new JobQueue\(\{[^}]*\bschema\s*:\s*['"`]/s,
  },
  {
    why: 'a fixed data folder is shared between files and runs; use mkdtemp()',
    pattern: /DATA_DIR\s*:\s*(['"]|`(?!\$\{))/,
    // Asserts the default value of the variable; no folder is made.
    allowedIn: ['src/config/config.test.ts'],
  },
];

/** Files whose Redis use must go through testKeyPrefix(). */
const REDIS_READ = /process\.env\.REDIS_URL/;

const ROOTS = ['src', 'test', 'web/src'];
const ROOT_DIR = join(import.meta.dirname, '..');

function testSources(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(path);
      } else if (/\.tsx?$/.test(entry.name)) {
        const file = relative(ROOT_DIR, path);
        const isTest = file.endsWith('.test.ts') || file.startsWith('test/');
        if (isTest && file !== 'test/isolation.test.ts') files.push(file);
      }
    }
  };
  for (const root of ROOTS) walk(join(ROOT_DIR, root));
  return files;
}

/** Every rule a file's text breaks, as "file: why". */
function isolationViolations(file: string, text: string): string[] {
  const found = RULES.filter((rule) => rule.pattern.test(text) && !rule.allowedIn?.includes(file)).map(
    (rule) => `${file}: ${rule.why}`,
  );
  if (REDIS_READ.test(text) && !text.includes('testKeyPrefix(')) {
    found.push(`${file}: uses REDIS_URL without a prefix from testKeyPrefix()`);
  }
  return found;
}

describe('test isolation', () => {
  it('gives every test file its own database, Redis prefix and data folder', () => {
    const files = testSources();
    expect(files.length).toBeGreaterThan(100);
    const violations = files.flatMap((file) =>
      isolationViolations(file, readFileSync(join(ROOT_DIR, file), 'utf8')),
    );
    expect(violations).toEqual([]);
  });

  it('catches each kind of sharing (the rules can fail)', () => {
    const bad = {
      'test/a.test.ts': 'new pg.Client({ connectionString: process.env.DATABASE_URL })',
      'test/b.test.ts': "await admin.query('CREATE DATABASE shared')",
      'test/c.test.ts': 'await redis.flushall()',
      'test/d.test.ts': "createBus({ redisUrl, keyPrefix: 'fixed:' })",
      'test/e.test.ts': "new JobQueue({ database, logger, schema: 'jobs' })",
      'test/f.test.ts': "runGramophone(['start'], { DATA_DIR: '/tmp/data' })",
      'test/g.test.ts': 'createRedisBus({ redisUrl: process.env.REDIS_URL })',
    };
    for (const [file, text] of Object.entries(bad)) {
      expect(isolationViolations(file, text), file).toHaveLength(1);
    }
    expect(
      isolationViolations('test/support/databases.ts', 'CREATE DATABASE x; process.env.DATABASE_URL'),
    ).toEqual([]);
  });

  it('refuses a second claim of one name, naming the file that holds it', () => {
    const prefix = testKeyPrefix('isolation');
    expect(prefix).toMatch(/^test:isolation:[0-9a-f]{8}:$/);
    expect(testKeyPrefix('isolation')).not.toBe(prefix);
    expect(() => claimTestResource('redis-key-prefix', prefix)).toThrow(
      /already used by .*isolation\.test\.ts/,
    );
  });
});
