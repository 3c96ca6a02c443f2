import { spawn } from 'node:child_process';
import { z } from 'zod';
import type { Config } from '../config/index.ts';
import { ensureCertificates, extraCaCertsFile } from '../emulators/discord/voice/index.ts';
import { sandboxCertDir } from './sandbox-config.ts';

/**
 * Set in the relaunched process: it already trusts the sandbox's CA and must not relaunch again
 * (and it has a parent that forwards signals to it).
 */
export const SANDBOX_RELAUNCH_MARKER = 'GRAMOPHONE_SANDBOX_RELAUNCHED';

/** Signals the parent passes on to the child. */
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * A terminal's Ctrl-C (and a kill of the whole process group) reaches parent and child at once;
 * the child then reports it over IPC, and the parent must not send it a second time, which the
 * child would take as "exit now, skip the drain". A signal the child doesn't report within this
 * window reached the parent alone (`kill <pid>`, `docker stop`) and is forwarded.
 */
const SIGNAL_REPORT_WINDOW_MS = 500;

const signalReportSchema = z.object({
  type: z.literal('gramophone:signal'),
  signal: z.enum(['SIGINT', 'SIGTERM']),
});

/** How a child process ended: an exit code, or the signal that killed it. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Whether this process is the relaunched one (see {@link relaunchTrustingCa}). */
export function isSandboxRelaunch(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[SANDBOX_RELAUNCH_MARKER] === '1';
}

/**
 * Makes sure the sandbox's CA exists under `DATA_DIR/sandbox/certs` and returns the file to put
 * in NODE_EXTRA_CA_CERTS: the CA, or a bundle of it and the file already set there.
 */
export async function prepareSandboxTrust(config: Config): Promise<string> {
  const { caPath } = await ensureCertificates(sandboxCertDir(config));
  return extraCaCertsFile(caPath, process.env.NODE_EXTRA_CA_CERTS);
}

/**
 * Runs this same command again in a child process started with NODE_EXTRA_CA_CERTS = `caFile`
 * (Node reads that variable only at start, so the running process can't begin trusting the CA;
 * TLS verification stays on). The child shares stdio; SIGINT, SIGTERM and SIGHUP are passed on
 * once; resolves with how the child ended.
 */
export function relaunchTrustingCa(caFile: string): Promise<ChildExit> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, [SANDBOX_RELAUNCH_MARKER]: '1' },
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  let reports: { signal: NodeJS.Signals; at: number }[] = [];
  child.on('message', (message) => {
    const report = signalReportSchema.safeParse(message);
    if (!report.success) return;
    const now = Date.now();
    reports = reports.filter((r) => now - r.at < 2 * SIGNAL_REPORT_WINDOW_MS);
    reports.push({ signal: report.data.signal, at: now });
  });
  const forward = (signal: NodeJS.Signals) => {
    const receivedAt = Date.now();
    setTimeout(() => {
      const reported = reports.findIndex(
        (r) => r.signal === signal && Math.abs(r.at - receivedAt) <= SIGNAL_REPORT_WINDOW_MS,
      );
      if (reported >= 0) {
        reports.splice(reported, 1);
        return;
      }
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    }, SIGNAL_REPORT_WINDOW_MS);
  };
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  return new Promise((resolve, reject) => {
    const detach = () => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    };
    child.once('error', (error) => {
      detach();
      reject(error);
    });
    child.once('exit', (code, signal) => {
      detach();
      resolve({ code, signal });
    });
  });
}

/**
 * In the relaunched child, once its own SIGINT/SIGTERM handlers are in place: reports the
 * signals it receives to the parent (see {@link SIGNAL_REPORT_WINDOW_MS}).
 */
export function reportSignalsToParent(): void {
  if (!process.send) return;
  const report = (signal: NodeJS.Signals) => {
    if (process.connected) process.send?.({ type: 'gramophone:signal', signal }, undefined, {}, () => {});
  };
  process.on('SIGINT', report);
  process.on('SIGTERM', report);
}

/**
 * In the relaunched child, from the start: if the parent dies without passing a signal on
 * (SIGKILL, a crash), stop as on SIGTERM instead of living on as an orphan holding the ports.
 */
export function followParentLifetime(): void {
  if (!process.send) return;
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  // The channel alone must not keep the process alive.
  process.channel?.unref();
}
