import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { type Config, envSchema } from './schema.ts';
import { redactSecrets, secretsOfEnvironment } from './secrets.ts';

/** Raised when the environment breaks the schema; `lines` holds one `NAME: rule` per problem. */
export class ConfigError extends Error {
  readonly lines: string[];
  constructor(lines: string[]) {
    super(`invalid configuration:\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.lines = lines;
  }
}

/**
 * Reads `.env` from `cwd` when present. Variables already in the environment win, so an
 * operator's shell or orchestrator can override the file.
 */
export function readEnvFile(cwd = process.cwd()): Record<string, string> {
  const file = resolve(cwd, '.env');
  return existsSync(file) ? parseDotenv(readFileSync(file)) : {};
}

/**
 * Validates `env` against the schema; throws ConfigError naming every bad variable. The lines
 * never carry a secret: URL passwords and the values of secret variables are masked, whatever
 * a rule's message quotes.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  if (result.success) return result.data;
  const secrets = secretsOfEnvironment(env);
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? 'config');
    const where = issue.path.length > 1 ? ` (entry ${issue.path.slice(1).join('.')})` : '';
    return redactSecrets(`${name}${where}: ${issue.message}`, secrets);
  });
  throw new ConfigError([...new Set(lines)]);
}

/** `.env` under the process environment, validated. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  cwd = process.cwd(),
): Config {
  return parseConfig({ ...readEnvFile(cwd), ...env });
}
