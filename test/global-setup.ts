import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ensureCertificates, extraCaCertsFile } from '../src/emulators/discord/voice/index.ts';
import { chromiumAvailable } from './browser/support/chromium.ts';
import { ensureDashboardBuilt } from './support/dashboard-build.ts';

/**
 * Vitest global setup: prepares the voice emulator's throwaway CA before any worker starts.
 *
 * Node reads NODE_EXTRA_CA_CERTS only when a process starts, so it must be set here, in the main
 * process, for the forked workers to inherit it; a worker setting it for itself would be too late.
 * Tests then start the voice server with GRAMOPHONE_TEST_CERT_DIR and the bot side (unmodified
 * @discordjs/voice dialing wss://) trusts it. TLS verification stays on.
 */
export default async function setup(): Promise<() => void> {
  const certDir = join(tmpdir(), `gramophone-test-ca-${userInfo().uid}`);
  const { caPath } = await ensureCertificates(certDir);
  process.env.GRAMOPHONE_TEST_CERT_DIR = certDir;
  // Keeps whatever the machine already trusts through the variable (often a system bundle).
  process.env.NODE_EXTRA_CA_CERTS = await extraCaCertsFile(caPath, process.env.NODE_EXTRA_CA_CERTS);
  // Once, here, before the browser suites run in parallel workers.
  if (chromiumAvailable()) ensureDashboardBuilt();
  // The run's ledger of databases and Redis prefixes handed to test files (test/support/isolation.ts).
  const ledger = mkdtempSync(join(tmpdir(), 'gramophone-test-ledger-'));
  process.env.GRAMOPHONE_TEST_LEDGER = ledger;
  return () => rmSync(ledger, { recursive: true, force: true });
}
