import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import lockfile from 'proper-lockfile';

/** Raised when another process already holds the embedded database's folder. */
export class EmbeddedDatabaseBusyError extends Error {
  constructor(dataDir: string) {
    super(
      `another Gramophone process is using the embedded database in ${dataDir}; stop it, or set DATABASE_URL to share a PostgreSQL server between processes`,
    );
    this.name = 'EmbeddedDatabaseBusyError';
  }
}

/**
 * An exclusive lock on the PGlite folder, across processes. proper-lockfile refreshes the
 * lock's mtime while held, so a lock left by a killed process goes stale and is taken over.
 * The holder's pid is written beside the lock: a restart right after a crash (SIGKILL, OOM)
 * need not wait for staleness when that process is gone.
 */
export class EmbeddedDatabaseLock {
  private constructor(private readonly releaseFn: () => Promise<void>) {}

  static async acquire(dataDir: string): Promise<EmbeddedDatabaseLock> {
    try {
      return await EmbeddedDatabaseLock.tryAcquire(dataDir);
    } catch (error) {
      if (!(error instanceof EmbeddedDatabaseBusyError) || holderIsAlive(dataDir)) throw error;
      rmSync(`${dataDir}.lock`, { recursive: true, force: true });
      return EmbeddedDatabaseLock.tryAcquire(dataDir);
    }
  }

  private static async tryAcquire(dataDir: string): Promise<EmbeddedDatabaseLock> {
    try {
      const release = await lockfile.lock(dataDir, {
        lockfilePath: `${dataDir}.lock`,
        stale: 10_000,
        update: 2_000,
        // A few short retries cover a previous process that is still closing.
        retries: { retries: 3, minTimeout: 100, maxTimeout: 500 },
        realpath: false,
        onCompromised: () => {
          // Raised when the lock file vanished under us; keep running rather than crash.
        },
      });
      writeFileSync(pidFile(dataDir), String(process.pid));
      return new EmbeddedDatabaseLock(release);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOCKED') throw new EmbeddedDatabaseBusyError(dataDir);
      throw error;
    }
  }

  async release(): Promise<void> {
    await this.releaseFn().catch(() => undefined);
  }
}

const pidFile = (dataDir: string) => `${dataDir}.lock.pid`;

/** Whether the process that wrote the pid file still runs (unknown counts as alive). */
function holderIsAlive(dataDir: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile(dataDir), 'utf8'));
  } catch {
    return true;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
