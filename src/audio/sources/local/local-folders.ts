import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../../logging/index.ts';
import { AudioSourceError } from '../errors.ts';

export const OUTSIDE_MESSAGE = 'That file is outside the folders this node may read.';

/** True when `target` is `root` or below it (both absolute and normalised). */
export function isWithin(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * The folders this node may read, by their real paths. Every path a client gives is checked
 * twice: as written (after `..` is resolved) and after symlinks are resolved, so neither
 * `/music/../etc/passwd` nor a link inside the folder pointing out of it gets through.
 */
export class LocalFolders {
  readonly roots: readonly string[];
  readonly #aliases: readonly string[];

  private constructor(roots: string[], aliases: string[]) {
    this.roots = roots;
    this.#aliases = aliases;
  }

  static async create(dirs: readonly string[], logger: Logger): Promise<LocalFolders> {
    const roots: string[] = [];
    const aliases: string[] = [];
    for (const dir of dirs) {
      try {
        const real = await realpath(dir);
        if (!(await stat(real)).isDirectory()) throw new Error('not a directory');
        roots.push(real);
        aliases.push(resolve(dir), real);
      } catch (error) {
        logger.warn({ dir, err: error }, 'local audio folder skipped: it cannot be read');
      }
    }
    return new LocalFolders(roots, aliases);
  }

  contains(realPath: string): boolean {
    return this.roots.some((root) => isWithin(root, realPath));
  }

  /** A local identifier (absolute path or file:// URL) as text, or null when it is neither. */
  static asPath(identifier: string): string | null {
    if (identifier.startsWith('file:')) {
      try {
        return fileURLToPath(identifier);
      } catch {
        throw new AudioSourceError('That is not a valid file:// URL.', 'common');
      }
    }
    return isAbsolute(identifier) ? identifier : null;
  }

  /** The real path of a readable file inside the folders, or an AudioSourceError saying why not. */
  async resolveFile(path: string): Promise<string> {
    const lexical = resolve(path);
    if (!this.#aliases.some((root) => isWithin(root, lexical))) {
      throw new AudioSourceError(OUTSIDE_MESSAGE, 'common', `refused ${lexical}`);
    }
    let real: string;
    try {
      real = await realpath(lexical);
    } catch {
      throw new AudioSourceError('That file does not exist in the folders this node may read.', 'common');
    }
    if (!this.contains(real))
      throw new AudioSourceError(OUTSIDE_MESSAGE, 'suspicious', `${lexical} → ${real}`);
    if (!(await stat(real)).isFile()) throw new AudioSourceError('That path is not a file.', 'common');
    return real;
  }
}
