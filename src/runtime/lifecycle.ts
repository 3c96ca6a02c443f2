import type { Logger } from '../logging/index.ts';
import type { RunningApp } from './app.ts';

/**
 * Keeps the process up until SIGTERM or SIGINT, then drains and exits 0 — or exits 1 if
 * draining outlasts `timeoutMs`, so an orchestrator never waits on a hung process. A second
 * signal exits at once.
 */
export function runUntilSignal(
  app: RunningApp,
  options: { logger: Logger; timeoutMs: number; exit?: (code: number) => void },
): Promise<number> {
  const { logger, timeoutMs } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  return new Promise((resolveExit) => {
    let shuttingDown = false;
    const finish = (code: number) => {
      resolveExit(code);
      exit(code);
    };
    const onSignal = (signal: NodeJS.Signals) => {
      if (shuttingDown) {
        logger.warn({ signal }, 'second signal: exiting without waiting for the drain');
        finish(1);
        return;
      }
      shuttingDown = true;
      logger.info({ signal }, `received ${signal}: draining`);
      const started = performance.now();
      const timer = setTimeout(() => {
        logger.error({ timeoutMs }, `shutdown took longer than ${timeoutMs} ms: exiting anyway`);
        finish(1);
      }, timeoutMs);
      timer.unref();
      app.stop().then(
        () => {
          clearTimeout(timer);
          logger.info({ ms: Math.round(performance.now() - started) }, 'stopped cleanly');
          finish(0);
        },
        (error) => {
          clearTimeout(timer);
          logger.error({ err: error }, 'shutdown failed');
          finish(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    process.on('unhandledRejection', (reason) => {
      // A promise nobody awaited failed: log it with context; it must not take the process down.
      logger.error({ err: reason }, 'unhandled promise rejection');
    });
  });
}
