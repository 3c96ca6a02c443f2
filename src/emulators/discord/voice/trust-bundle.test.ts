import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCertificates } from './certificates.ts';
import { extraCaCertsFile } from './trust-bundle.ts';

describe('extraCaCertsFile', () => {
  let dir: string;
  let caPath: string;
  let ca: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gramophone-bundle-'));
    ({ caPath } = await ensureCertificates(join(dir, 'certs')));
    ca = await readFile(caPath, 'utf8');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses the CA itself when nothing else is trusted through the variable', async () => {
    expect(await extraCaCertsFile(caPath, undefined)).toBe(caPath);
    expect(await extraCaCertsFile(caPath, '')).toBe(caPath);
    expect(await extraCaCertsFile(caPath, caPath)).toBe(caPath);
  });

  it('bundles an inherited file with the CA, keeping both, and reuses a bundle that has it', async () => {
    const systemBundle = join(dir, 'system.pem');
    await writeFile(systemBundle, '-----BEGIN CERTIFICATE-----\nU1lTVEVN\n-----END CERTIFICATE-----\n');
    const bundle = await extraCaCertsFile(caPath, systemBundle);
    expect(bundle).not.toBe(caPath);
    const contents = await readFile(bundle, 'utf8');
    expect(contents).toContain('U1lTVEVN');
    expect(contents).toContain(ca.trim());
    expect(await extraCaCertsFile(caPath, bundle)).toBe(bundle);
    expect(await extraCaCertsFile(caPath, systemBundle)).toBe(bundle);
  });

  it('ignores an unreadable inherited file, as Node does', async () => {
    expect(await extraCaCertsFile(caPath, join(dir, 'missing.pem'))).toBe(caPath);
  });
});
