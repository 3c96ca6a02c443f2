import type { Config } from '../config/index.ts';
import type { Logger } from '../logging/index.ts';
import { doctorChecks } from './checks.ts';

/**
 * `gramophone doctor`: the configuration is valid (or the CLI already exited 2), then one
 * line per service with ok/fail and, on failure, a hint. Returns the exit code.
 */
export async function runDoctor(
  config: Config,
  io: { logger: Logger; out: NodeJS.WritableStream },
): Promise<number> {
  const line = (ok: boolean, name: string, detail: string) =>
    io.out.write(`${ok ? 'ok  ' : 'FAIL'}  ${name.padEnd(18)} ${detail}\n`);
  line(
    true,
    'config',
    `valid (${config.DATABASE_URL ? 'PostgreSQL' : 'embedded database'}, ${config.REDIS_URL ? 'Redis bus' : 'in-memory bus'})`,
  );
  let failures = 0;
  for (const check of doctorChecks(config, io.logger)) {
    const outcome = await check
      .run()
      .catch((error: Error) => ({ ok: false, detail: error.message, hint: undefined }));
    line(outcome.ok, check.name, outcome.detail);
    if (!outcome.ok) {
      failures += 1;
      if (outcome.hint) io.out.write(`      ${''.padEnd(18)} hint: ${outcome.hint}\n`);
    }
  }
  io.out.write(failures === 0 ? 'all checks passed\n' : `${failures} check(s) failed\n`);
  return failures === 0 ? 0 : 1;
}
