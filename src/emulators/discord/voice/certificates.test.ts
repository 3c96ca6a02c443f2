import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CertificatePaths, ensureCertificates } from './certificates.ts';

async function readAll(paths: CertificatePaths) {
  const [ca, cert, key] = await Promise.all([
    readFile(paths.caPath, 'utf8'),
    readFile(paths.certPath, 'utf8'),
    readFile(paths.keyPath, 'utf8'),
  ]);
  return { ca, cert, key };
}

/** Resolves with the TLS error code, or 'authorized' when the handshake verified. */
function handshake(port: number, host: string, ca?: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port, host, servername: host === 'localhost' ? host : undefined, ca }, () => {
      resolve(socket.authorized ? 'authorized' : String(socket.authorizationError));
      socket.end();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('ensureCertificates', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'gramophone-certs-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates a CA and a localhost/127.0.0.1 server certificate signed by it', async () => {
    const pems = await readAll(await ensureCertificates(join(root, 'fresh')));
    const ca = new X509Certificate(pems.ca);
    const cert = new X509Certificate(pems.cert);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('example.com')).toBeUndefined();
  });

  it('reuses valid files, re-issues a missing server certificate with the same CA', async () => {
    const dir = join(root, 'reuse');
    const first = await readAll(await ensureCertificates(dir));
    const second = await readAll(await ensureCertificates(dir));
    expect(second).toEqual(first);

    await rm(join(dir, 'cert.pem'));
    const third = await readAll(await ensureCertificates(dir));
    expect(third.ca).toBe(first.ca);
    expect(third.cert).not.toBe(first.cert);
    expect(new X509Certificate(third.cert).verify(new X509Certificate(first.ca).publicKey)).toBe(true);
  });

  it('replaces a broken CA and everything it signed', async () => {
    const dir = join(root, 'broken');
    const first = await readAll(await ensureCertificates(dir));
    await writeFile(join(dir, 'ca.pem'), 'not a certificate');
    const second = await readAll(await ensureCertificates(dir));
    expect(second.ca).not.toBe(first.ca);
    expect(new X509Certificate(second.cert).verify(new X509Certificate(second.ca).publicKey)).toBe(true);
  });

  it('lets concurrent callers agree on one CA', async () => {
    const dir = join(root, 'concurrent');
    const results = await Promise.all([1, 2, 3].map(() => ensureCertificates(dir)));
    const pems = await readAll(results[0] as CertificatePaths);
    expect(new X509Certificate(pems.cert).verify(new X509Certificate(pems.ca).publicKey)).toBe(true);
  });

  it('serves TLS that verifies with the CA and fails without it (verification stays on)', async () => {
    const pems = await readAll(await ensureCertificates(join(root, 'tls')));
    const server = createServer({ cert: pems.cert, key: pems.key });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await handshake(port, '127.0.0.1', pems.ca)).toBe('authorized');
      expect(await handshake(port, 'localhost', pems.ca)).toBe('authorized');
      expect(await handshake(port, '127.0.0.1')).toMatch(/UNABLE_TO_VERIFY|SELF_SIGNED|UNABLE_TO_GET_ISSUER/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses an empty folder name', async () => {
    await expect(ensureCertificates('')).rejects.toThrow(/certDir/);
  });
});
