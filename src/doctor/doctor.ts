import { type Config, redactSecrets, secretsOfConfig } from '../config/index.ts';
import type { Logger } from '../logging/index.ts';
import { type DoctorCheck, doctorChecks } from './checks.ts';

/**
 * `gramophone doctor`: the configuration is valid (or the CLI already exited 2), then one
 * line per service with ok/fail and, on failure, a hint. Returns the exit code. Every line is
 * printed with the configuration's secrets masked (passwords in URLs, tokens, keys), whatever
 * a driver's error message quotes: doctor output gets pasted into issues.
 */
export async function runDoctor(
  config: Config,
  io: { logger: Logger; out: NodeJS.WritableStream; checks?: DoctorCheck[] },
): Promise<number> {
  const secrets = secretsOfConfig(config);
  const write = (text: string) => io.out.write(redactSecrets(text, secrets));
  const line = (ok: boolean, name: string, detail: string) =>
    write(`${ok ? 'ok  ' : 'FAIL'}  ${name.padEnd(18)} ${detail}\n`);
  line(
    true,
    'config',
    `valid (${config.DATABASE_URL ? 'PostgreSQL' : 'embedded database'}, ${config.REDIS_URL ? 'Redis bus' : 'in-memory bus'})`,
  );
  let failures = 0;
  for (const check of io.checks ?? doctorChecks(config, io.logger)) {
    const outcome = await check
      .run()
      .catch((error: Error) => ({ ok: false, detail: error.message, hint: undefined }));
    line(outcome.ok, check.name, outcome.detail);
    if (!outcome.ok) {
      failures += 1;
      if (outcome.hint) write(`      ${''.padEnd(18)} hint: ${outcome.hint}\n`);
    }
  }
  io.out.write(failures === 0 ? 'all checks passed\n' : `${failures} check(s) failed\n`);
  return failures === 0 ? 0 : 1;
}
