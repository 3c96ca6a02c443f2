import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../../../logging/index.ts';
import { type WorldSnapshot, worldSnapshotSchema } from './snapshot.ts';

/** How long after a change the file is written: a burst of changes (a command's answer) is one write. */
export const SAVE_DELAY_MS = 250;

/**
 * The file a persistent emulator keeps its world in. Writes are debounced (`changed()` schedules
 * one) and atomic (a temporary file renamed over the old one), so a process killed mid-write
 * leaves the previous world, never half of one. A file that can't be read is set aside, not
 * thrown away, and the emulator starts a new world.
 */
export class WorldFile {
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    readonly path: string,
    private readonly take: () => WorldSnapshot,
    private readonly logger: Logger,
    private readonly delayMs = SAVE_DELAY_MS,
  ) {}

  /** The stored world, or null when there is none (or it was unreadable and set aside). */
  static async load(path: string, logger: Logger): Promise<WorldSnapshot | null> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let problem: string;
    try {
      const parsed = worldSnapshotSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      problem = parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ');
    } catch (error) {
      problem = (error as Error).message;
    }
    const aside = `${path}.unreadable-${Date.now()}`;
    await rename(path, aside);
    logger.warn(
      { path, aside, problem },
      'discord emulator: the stored world is unreadable; starting a new one',
    );
    return null;
  }

  /** Something changed: write the world soon. */
  changed(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, this.delayMs);
    this.timer.unref();
  }

  /** Writes the world now (after any write in progress). */
  save(): Promise<void> {
    const snapshot = this.take();
    this.writing = this.writing.then(() => this.write(snapshot));
    return this.writing;
  }

  /** Writes what is pending and stops writing. */
  async close(): Promise<void> {
    if (this.closed) return this.writing;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.save();
  }

  private async write(snapshot: WorldSnapshot): Promise<void> {
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      await mkdir(dirname(this.path), { recursive: true });
      await writeFile(temporary, JSON.stringify(snapshot), { mode: 0o600 });
      await rename(temporary, this.path);
    } catch (error) {
      // A full disk must not take the emulator down; the next change tries again.
      this.logger.warn({ err: error, path: this.path }, 'discord emulator: could not store the world');
    }
  }
}
