export { AUDIO_PASSWORD_FILE, type AudioPasswordSource, resolveAudioPassword } from './audio-password.ts';
export { ConfigError, loadConfig, parseConfig, readEnvFile } from './load.ts';
export { type Config, type ConfigKey, envSchema, type LavalinkNodeConfig } from './schema.ts';
export {
  loadSecretKey,
  SECRET_KEY_FILE,
  SecretKeyFileInvalid,
  SecretKeyRequired,
  type SecretKeySource,
  secretKeySource,
} from './secret-key.ts';
export {
  decodeSecretKey,
  redactSecrets,
  redactUrlPasswords,
  SECRET_VARIABLES,
  secretsOfConfig,
  secretsOfEnvironment,
} from './secrets.ts';
