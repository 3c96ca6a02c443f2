import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULT_AUDIO_PASSWORD } from './schema.ts';

/** The file under DATA_DIR holding the generated audio node password. */
export const AUDIO_PASSWORD_FILE = 'audio-password';

/** Where the node's password comes from. */
export type AudioPasswordSource = 'config' | 'generated' | 'file';

/**
 * The password the built-in node requires — and the one a gateway of the same installation
 * (same DATA_DIR) dials it with. A configured one is used as it is (the config schema
 * already refused the default and short ones for a non-loopback AUDIO_HOST). The default, which
 * every Lavalink tutorial prints, is replaced by a random password kept in
 * `DATA_DIR/audio-password` (mode 0600), created on first start and reused after.
 */
export function resolveAudioPassword(config: { AUDIO_PASSWORD: string; DATA_DIR: string }): {
  password: string;
  source: AudioPasswordSource;
  path?: string;
} {
  if (config.AUDIO_PASSWORD !== DEFAULT_AUDIO_PASSWORD)
    return { password: config.AUDIO_PASSWORD, source: 'config' };
  const path = resolve(config.DATA_DIR, AUDIO_PASSWORD_FILE);
  const existing = readPassword(path);
  if (existing) return { password: existing, source: 'file', path };
  mkdirSync(dirname(path), { recursive: true });
  // Written whole to a private temporary file, then linked into place: link fails when the name
  // exists, so two processes starting at once agree on one password and none reads half a file.
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  const created = readPassword(path);
  if (!created) throw new Error(`AUDIO_PASSWORD: ${path} is empty; delete it to generate a new password`);
  return { password: created, source: 'generated', path };
}

function readPassword(path: string): string | null {
  try {
    const text = readFileSync(path, 'utf8').trim();
    chmodSync(path, 0o600);
    return text || null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
