import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What test files must never share: each is claimed in a ledger when a helper hands one out.
 * The ledger is a folder that global setup makes for the run (GRAMOPHONE_TEST_LEDGER), so a
 * second claim of one name, from any file in any fork, fails at once and names both files.
 * Helpers hand out random names, so a claim only fails when someone bypasses them; the static
 * rules in test/isolation.test.ts make bypassing them fail too.
 */
export type TestResource = 'postgres-database' | 'redis-key-prefix';

const claimedHere = new Map<string, string>();

export function claimTestResource(kind: TestResource, name: string): void {
  const owner = currentTestFile();
  const key = `${kind}:${name}`;
  const earlier = claimedHere.get(key);
  if (earlier !== undefined) throw sharedError(kind, name, owner, earlier);
  claimedHere.set(key, owner);
  const ledger = process.env.GRAMOPHONE_TEST_LEDGER;
  if (!ledger) return;
  mkdirSync(ledger, { recursive: true });
  const entry = join(ledger, encodeURIComponent(key));
  try {
    writeFileSync(entry, owner, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw sharedError(kind, name, owner, readFileSync(entry, 'utf8'));
  }
}

/**
 * A Redis key prefix (bus channels, rate-limit counters) no other test file or run uses:
 * `test:<label>:<random>:`.
 */
export function testKeyPrefix(label: string): string {
  const prefix = `test:${label}:${randomUUID().slice(0, 8)}:`;
  claimTestResource('redis-key-prefix', prefix);
  return prefix;
}

// Only inside vitest (which sets VITEST): benchmarks import the same helpers outside it.
const vitest = process.env.VITEST ? await import('vitest') : null;

function currentTestFile(): string {
  try {
    return vitest?.expect.getState().testPath ?? 'outside a test file';
  } catch {
    return 'outside a test file';
  }
}

function sharedError(kind: TestResource, name: string, owner: string, earlier: string): Error {
  return new Error(
    `test isolation: ${kind} "${name}" claimed by ${owner} is already used by ${earlier}; ` +
      'take one from test/support (createTestDatabase, testKeyPrefix) instead of a fixed name',
  );
}
