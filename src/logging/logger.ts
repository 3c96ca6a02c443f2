import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { currentCorrelationId } from './correlation.ts';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: string;
  /** `auto` prints pretty lines on a terminal and JSON otherwise (files, containers, CI). */
  format: 'auto' | 'pretty' | 'json';
  /** Where lines go; stdout unless a test captures them. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? process.stdout;
  const usePretty =
    options.format === 'pretty' ||
    (options.format === 'auto' && (destination as NodeJS.WriteStream).isTTY === true);
  const base: pino.LoggerOptions = {
    level: options.level,
    base: { pid: process.pid },
    // Every line carries the correlation id of the work it belongs to, when there is one.
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
  };
  if (usePretty) {
    return pino(
      base,
      pretty({ destination, colorize: true, ignore: 'pid,hostname', singleLine: true, sync: true }),
    );
  }
  return pino(base, destination);
}

/** A logger that drops everything, for tests and tools that must stay quiet. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
