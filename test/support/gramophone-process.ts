import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/gramophone.js', import.meta.url));

/** A `gramophone` CLI process, with its output kept for assertions. */
export interface GramophoneProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Parsed JSON log lines so far (LOG_FORMAT=json). */
  logs: () => Record<string, unknown>[];
  waitForLog(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * Runs the CLI as an operator would (`node bin/gramophone.js …`), with a clean environment:
 * only PATH, HOME and what the test passes, so CI's DATABASE_URL/REDIS_URL never leak in.
 */
export function runGramophone(args: string[], env: Record<string, string> = {}): GramophoneProcess {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
      for (const wake of waiters.splice(0)) wake();
    }),
  );
  const logs = () =>
    out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    logs,
    exited,
    kill: (signal = 'SIGTERM') => child.kill(signal),
    waitForLog: async (predicate, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = logs().find(predicate);
        if (found) return found;
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`log line not found (exit ${child.exitCode}); stdout:\n${out}\nstderr:\n${err}`);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 250);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}

/**
 * A port nothing listens on, for "an address that refuses connections": listen(0) never hands
 * out a port this low, and unlike port 1 fetch() dials it (the Fetch standard blocks 1 as unsafe).
 */
export const REFUSED_PORT = 2;

/** The ports a process listens on, by variable, as its ready log lines name them. */
export interface ListeningPorts {
  PORT?: number;
  AUDIO_PORT?: number;
  METRICS_PORT?: number;
  SANDBOX_PORT?: number;
}

/**
 * The `ports` of a `Gramophone ready` (or `role … ready`) log line: where a test passed PORT=0,
 * AUDIO_PORT=0… the ports the process got. Binding 0 and reading the port back is the only way
 * that no other process (parallel test files, other suites on the machine) can take it first.
 */
export function portsOf(line: Record<string, unknown>): ListeningPorts {
  const ports = line.ports;
  if (typeof ports !== 'object' || ports === null) {
    throw new Error(`log line without ports: ${JSON.stringify(line)}`);
  }
  return ports as ListeningPorts;
}

/** Waits for the `Gramophone ready` line and returns the ports it names. */
export async function readyPorts(process: GramophoneProcess, timeoutMs = 60_000): Promise<ListeningPorts> {
  return portsOf(
    await process.waitForLog((line) => String(line.msg).startsWith('Gramophone ready'), timeoutMs),
  );
}

/**
 * A TCP port nobody listens on right now. Racy: any listen(0) may take it before the caller
 * binds it. Tests pass port 0 to what they start and read the port back ({@link portsOf}).
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
