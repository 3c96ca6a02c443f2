import { type Config, ConfigError, loadConfig } from '../config/index.ts';

/** Exit code for a configuration that breaks the schema (as the docs promise). */
export const EXIT_CONFIG = 2;

/**
 * Loads the configuration, or prints one line per bad variable (naming it and the rule it
 * broke) and exits 2. No stack trace: the operator needs the variable, not our internals.
 */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write('gramophone: invalid configuration (see docs/configuration.md)\n');
      for (const line of error.lines) process.stderr.write(`  ${line}\n`);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
}
