import { resolve } from 'node:path';
import { type Config, type ConfigKey, envSchema } from '../config/index.ts';
import type { EmulatorDescription } from '../emulators/discord/index.ts';
import type { RoleName } from '../runtime/index.ts';

/** Where the sandbox keeps its voice server's throwaway CA and certificate. */
export function sandboxCertDir(config: Config): string {
  return resolve(config.DATA_DIR, 'sandbox', 'certs');
}

/** Where the sandbox keeps its Discord world (ids, messages, logins) from one start to the next. */
export function sandboxWorldPath(config: Config): string {
  return resolve(config.DATA_DIR, 'sandbox', 'world.json');
}

/** The sandbox runs when the process runs the bot but has no token to reach Discord with. */
export function sandboxWanted(config: Config, roles: readonly RoleName[]): boolean {
  return config.DISCORD_TOKEN === undefined && roles.includes('gateway');
}

/** Whether a HOST value listens on loopback only: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackListenHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

/**
 * Whether this start would put the sandbox (no login: anyone at the panel plays its demo users)
 * on a network: the api role listening on a HOST other than loopback. `refused` unless the
 * operator opted in with SANDBOX_ALLOW_REMOTE, then `allowed` (warn loudly); `null` when the
 * sandbox stays on this machine.
 */
export function sandboxRemoteExposure(
  config: Config,
  roles: readonly RoleName[],
): { verdict: 'refused' | 'allowed'; message: string } | null {
  if (!sandboxWanted(config, roles) || !roles.includes('api') || isLoopbackListenHost(config.HOST)) {
    return null;
  }
  if (config.SANDBOX_ALLOW_REMOTE) {
    return {
      verdict: 'allowed',
      message: `HOST=${config.HOST} with the sandbox (no DISCORD_TOKEN) and SANDBOX_ALLOW_REMOTE=true: anyone who reaches the panel can act as the sandbox's users and listen to its voice`,
    };
  }
  return {
    verdict: 'refused',
    message: `HOST=${config.HOST} is not a loopback address, and without DISCORD_TOKEN the panel would serve the sandbox (no login) to the network: set HOST=127.0.0.1, set DISCORD_TOKEN, or set SANDBOX_ALLOW_REMOTE=true to expose it anyway`,
  };
}

/**
 * The process dials the sandbox's voice server itself (over wss) when it also runs the audio
 * role; only then must it start trusting the sandbox's CA.
 */
export function sandboxNeedsVoiceTrust(config: Config, roles: readonly RoleName[]): boolean {
  return sandboxWanted(config, roles) && roles.includes('audio');
}

/** The Discord variables the sandbox fills in, and the emulator value each one takes. */
const sandboxValues = {
  DISCORD_API_URL: (emulator: EmulatorDescription) => emulator.apiUrl,
  DISCORD_CLIENT_ID: (emulator: EmulatorDescription) => emulator.applicationId,
  DISCORD_CLIENT_SECRET: (emulator: EmulatorDescription) => emulator.clientSecret,
  DISCORD_OAUTH_AUTHORIZE_URL: (emulator: EmulatorDescription) => emulator.oauthUrl,
} satisfies Partial<Record<ConfigKey, (emulator: EmulatorDescription) => string>>;

type SandboxVariable = keyof typeof sandboxValues;

/** What the schema gives a variable nobody set (`undefined` for those without a default). */
function schemaDefault(name: SandboxVariable): unknown {
  return envSchema.shape[name].parse(undefined);
}

/** The configuration the roles run with in the sandbox, and the variables the operator's values kept. */
export interface SandboxConfig {
  config: Config;
  /** Variables set (to something other than their default) that the sandbox left alone. */
  kept: SandboxVariable[];
}

/**
 * Points the roles at the emulator: `DISCORD_TOKEN` is the emulator's bot token, and the REST
 * base, OAuth2 application and authorize page become the emulator's wherever the operator left
 * them unset (or at their default, which is real Discord), so the bot and panel login both work
 * offline. Values the operator did set are kept and reported in `kept`.
 */
export function sandboxConfig(config: Config, emulator: EmulatorDescription): SandboxConfig {
  const next: Config = { ...config, DISCORD_TOKEN: emulator.token };
  const kept: SandboxVariable[] = [];
  for (const name of Object.keys(sandboxValues) as SandboxVariable[]) {
    if (config[name] === schemaDefault(name)) {
      next[name] = sandboxValues[name](emulator);
    } else {
      kept.push(name);
    }
  }
  return { config: next, kept };
}
