export { ConfigError, loadConfig, parseConfig, readEnvFile } from './load.ts';
export { type Config, type ConfigKey, envSchema, type LavalinkNodeConfig } from './schema.ts';
