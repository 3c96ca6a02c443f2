import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { z } from 'zod';

/** Paths of the PEM files {@link ensureCertificates} keeps in a folder. */
export interface CertificatePaths {
  /** The throwaway CA a dialing process must trust (`NODE_EXTRA_CA_CERTS`). */
  caPath: string;
  /** The server certificate for `localhost` and `127.0.0.1`, signed by the CA. */
  certPath: string;
  /** The server certificate's private key. */
  keyPath: string;
}

/** Names served by the voice endpoint's certificate. */
export const CERTIFICATE_HOSTS = ['localhost', '127.0.0.1'] as const;
const CA_KEY_FILE = 'ca-key.pem';
const DAY_MS = 86_400_000;
/** Certificates closer than this to expiry are replaced so a long run never hits the deadline. */
const RENEW_BEFORE_MS = 7 * DAY_MS;
const CA_LIFETIME_MS = 3650 * DAY_MS;
const SERVER_LIFETIME_MS = 365 * DAY_MS;

/** A lock older than this belongs to a process that died mid-generation. */
const STALE_LOCK_MS = 30_000;
const LOCK_POLL_MS = 50;

const dirSchema = z.string().min(1, 'certDir must be a non-empty path');

function pathsIn(dir: string): CertificatePaths {
  return { caPath: join(dir, 'ca.pem'), certPath: join(dir, 'cert.pem'), keyPath: join(dir, 'key.pem') };
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Writes through a temporary name so a reader never sees half a PEM file. */
async function writeAtomically(path: string, contents: string, mode: number): Promise<void> {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, contents, { mode });
  await rename(temporary, path);
}

/**
 * Serialises generation between processes (parallel test runs, a sandbox and its tests) with a
 * lock directory, so two of them never write different CAs into the same folder.
 */
async function withFolderLock<T>(folder: string, work: () => Promise<T>): Promise<T> {
  const lock = join(folder, '.lock');
  const deadline = Date.now() + STALE_LOCK_MS * 2;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lock).then(
        (info) => Date.now() - info.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`timed out waiting for certificate lock ${lock}`);
      else await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

function stillValid(cert: X509Certificate): boolean {
  const now = Date.now();
  return Date.parse(cert.validFrom) <= now && Date.parse(cert.validTo) - now > RENEW_BEFORE_MS;
}

function caUsable(caPem: string | null, caKeyPem: string | null): boolean {
  if (!caPem || !caKeyPem) return false;
  try {
    const ca = new X509Certificate(caPem);
    return (
      ca.ca && stillValid(ca) && ca.checkPrivateKey(createPrivateKey(caKeyPem)) && ca.verify(ca.publicKey)
    );
  } catch {
    return false;
  }
}

function serverUsable(caPem: string, certPem: string | null, keyPem: string | null): boolean {
  if (!certPem || !keyPem) return false;
  try {
    const ca = new X509Certificate(caPem);
    const cert = new X509Certificate(certPem);
    return (
      stillValid(cert) &&
      cert.verify(ca.publicKey) &&
      cert.checkIssued(ca) &&
      cert.checkPrivateKey(createPrivateKey(keyPem)) &&
      cert.checkHost('localhost') !== undefined &&
      cert.checkIP('127.0.0.1') !== undefined
    );
  } catch {
    return false;
  }
}

async function generateCa(): Promise<{ cert: string; key: string }> {
  const notBeforeDate = new Date(Date.now() - DAY_MS);
  // A unique name: TLS stacks look issuers up by name, and another Gramophone CA trusted by the same
  // process (a sandbox's, a test run's) must never be mistaken for this one.
  const commonName = `Gramophone throwaway voice emulator CA ${randomBytes(6).toString('hex')}`;
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + CA_LIFETIME_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

async function generateServer(ca: { cert: string; key: string }): Promise<{ cert: string; key: string }> {
  const notBeforeDate = new Date(Date.now() - DAY_MS);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + SERVER_LIFETIME_MS),
    ca,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/**
 * Makes sure `dir` holds a throwaway CA (`ca.pem`, plus `ca-key.pem` to re-issue) and a server
 * certificate for localhost/127.0.0.1 signed by it (`cert.pem`, `key.pem`). Valid existing files are
 * reused, so the CA a process already trusts stays the same across runs; an expiring server
 * certificate is re-issued by the same CA. Only a missing or broken CA is replaced.
 */
export async function ensureCertificates(dir: string): Promise<CertificatePaths> {
  const folder = dirSchema.parse(dir);
  const paths = pathsIn(folder);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await withFolderLock(folder, () => ensureInFolder(folder, paths));
  return paths;
}

async function ensureInFolder(folder: string, paths: CertificatePaths): Promise<void> {
  const caKeyPath = join(folder, CA_KEY_FILE);
  let caPem = await readOptional(paths.caPath);
  let caKeyPem = await readOptional(caKeyPath);
  let caReplaced = false;
  if (!caUsable(caPem, caKeyPem)) {
    const ca = await generateCa();
    await writeAtomically(caKeyPath, ca.key, 0o600);
    await writeAtomically(paths.caPath, ca.cert, 0o644);
    caPem = ca.cert;
    caKeyPem = ca.key;
    caReplaced = true;
  }
  if (!caPem || !caKeyPem) throw new Error(`could not prepare a CA in ${folder}`);
  const certPem = await readOptional(paths.certPath);
  const keyPem = await readOptional(paths.keyPath);
  if (caReplaced || !serverUsable(caPem, certPem, keyPem)) {
    const server = await generateServer({ cert: caPem, key: caKeyPem });
    await writeAtomically(paths.keyPath, server.key, 0o600);
    await writeAtomically(paths.certPath, server.cert, 0o644);
  }
}
