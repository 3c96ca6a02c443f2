import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureCertificates } from '../emulators/discord/voice/index.ts';
import { checkVoiceTrust } from './voice-trust.ts';

describe('checkVoiceTrust', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  /** A TLS endpoint serving the voice certificate kept in `certDir`. */
  async function tlsEndpoint(certDir: string): Promise<string> {
    const paths = await ensureCertificates(certDir);
    const server: Server = createServer({
      cert: readFileSync(paths.certPath),
      key: readFileSync(paths.keyPath),
    });
    server.on('secureConnection', (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => server.close());
    return `127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('trusts a certificate signed by a CA in NODE_EXTRA_CA_CERTS', async () => {
    // Vitest's global setup put the test CA in NODE_EXTRA_CA_CERTS before this worker started.
    const endpoint = await tlsEndpoint(String(process.env.GRAMOPHONE_TEST_CERT_DIR));
    expect(await checkVoiceTrust(endpoint)).toEqual({ trusted: true });
  });

  it('refuses a certificate from a CA the process was not started with, saying why', async () => {
    const certDir = mkdtempSync(join(tmpdir(), 'gramophone-untrusted-ca-'));
    cleanups.push(() => rmSync(certDir, { recursive: true, force: true }));
    const result = await checkVoiceTrust(await tlsEndpoint(certDir));
    expect(result.trusted).toBe(false);
    expect(result.trusted ? '' : result.reason).toMatch(/certificate/i);
  });

  it('reports an endpoint nobody listens on as not trusted', async () => {
    const endpoint = await tlsEndpoint(String(process.env.GRAMOPHONE_TEST_CERT_DIR));
    for (const cleanup of cleanups.splice(0)) cleanup();
    const result = await checkVoiceTrust(endpoint);
    expect(result).toEqual({ trusted: false, reason: expect.stringMatching(/ECONNREFUSED/) });
  });
});
