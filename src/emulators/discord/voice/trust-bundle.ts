import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/**
 * The file to put in NODE_EXTRA_CA_CERTS so a process trusts the emulator's CA without losing
 * what it trusted already. The variable names a single file, and many machines (CI images, this
 * one) already point it at a bundle; so when another file is set and does not yet contain the CA,
 * a combined bundle is written next to the CA. Node reads the variable only at process start:
 * hand the result to a child process (or a forked test worker), never to the running process.
 *
 * @param caPath - the CA from {@link ensureCertificates}
 * @param inherited - what the process would otherwise get (usually `process.env.NODE_EXTRA_CA_CERTS`)
 */
export async function extraCaCertsFile(caPath: string, inherited: string | undefined): Promise<string> {
  if (!inherited || resolve(inherited) === resolve(caPath)) return caPath;
  const ours = await readFile(caPath, 'utf8');
  let theirs: string;
  try {
    theirs = await readFile(inherited, 'utf8');
  } catch {
    // Node ignores an unreadable NODE_EXTRA_CA_CERTS (with a warning); so do we.
    return caPath;
  }
  if (theirs.includes(ours.trim())) return inherited;
  const tag = createHash('sha256').update(resolve(inherited)).update(ours).digest('hex').slice(0, 12);
  const bundlePath = join(dirname(caPath), `ca-bundle-${tag}.pem`);
  const temporary = `${bundlePath}.${process.pid}.tmp`;
  await writeFile(temporary, `${theirs.trimEnd()}\n${ours}`);
  await rename(temporary, bundlePath);
  return bundlePath;
}
