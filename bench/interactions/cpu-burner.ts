/**
 * A CPU-burning neighbour: one busy-looping Node process per core, so whatever else runs on the
 * machine (the bot, the emulator, the load generator) gets a contended share, as on a shared host.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface CpuBurner {
  /** How many burning processes run (one per core). */
  readonly processes: number;
  /** Kills every burner (by its own pid) and waits until each has exited. */
  stop(): Promise<void>;
}

export async function startCpuBurner(processes = availableParallelism()): Promise<CpuBurner> {
  const children: ChildProcess[] = [];
  for (let i = 0; i < processes; i++) {
    const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
  }
  return {
    processes,
    async stop() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGKILL');
            }),
        ),
      );
    },
  };
}
