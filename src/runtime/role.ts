import type { AnyCapability, CapabilityContext } from '../capability/index.ts';

export const roleNames = ['audio', 'worker', 'gateway', 'api'] as const;
/** The four roles, in the order they start (and the reverse of the order they stop). */
export type RoleName = (typeof roleNames)[number];

/**
 * What every role is given: the shared infrastructure of its process (config, logger, metrics,
 * health, database, bus, jobs — what each capability's parts get too), and what it composes.
 */
export interface AppContext extends CapabilityContext {
  /** The roles running in this process (all four under `gramophone start`). */
  readonly roles: readonly RoleName[];
  /** What the roles compose: the registry's capabilities, each after the ones it needs. */
  readonly capabilities: readonly AnyCapability[];
  /** Set when this process runs the sandbox (no DISCORD_TOKEN): the local Discord it started. */
  readonly sandbox?: SandboxHandle;
}

/** What the roles may know of a sandbox running in the process (the dashboard's sandbox page uses it). */
export interface SandboxHandle {
  /** The emulator's control API (`POST <controlUrl>/<operation>`), on loopback. */
  readonly controlUrl: string;
  /**
   * Hears what the sandbox's voice server receives from the bot in a guild, live: each decoded
   * packet as 48 kHz stereo s16le PCM (20 ms per packet), nothing while the bot sends nothing.
   * Returns the function that stops listening.
   */
  listenToVoice(guildId: string, onPcm: (pcm: Buffer) => void): () => void;
  /** The bot's voice connection in a guild as the voice server sees it. */
  voiceActivity(guildId: string): SandboxVoiceActivity;
  /**
   * SANDBOX_ALLOW_REMOTE: the operator let the sandbox run on a non-loopback HOST, so its pages
   * answer other host names too (same-origin still required). Otherwise loopback only.
   */
  readonly allowRemote?: boolean;
}

/** Whether the bot's voice connection is up, and when its last audio packet arrived. */
export interface SandboxVoiceActivity {
  connected: boolean;
  /** Epoch milliseconds of the last decrypted audio packet, null before the first. */
  lastPacketAt: number | null;
}

/** The port variables a role listens on. */
export type ListenPortVariable = 'PORT' | 'AUDIO_PORT';

/** A started role. `stop` stops taking work, drains what is in flight and closes its connections. */
export interface RunningRole {
  stop(): Promise<void>;
  /**
   * The ports the role listens on, under the variable that set each one: the one the system
   * picked where the configuration said 0. Roles started after it see these in their config
   * (the gateway finds a built-in audio node started on AUDIO_PORT=0), and the ready log names them.
   */
  readonly ports?: Partial<Record<ListenPortVariable, number>>;
}

export interface RoleDefinition {
  name: RoleName;
  /** Resolves once the role can take work; rejects (with a reason a person can act on) otherwise. */
  start(context: AppContext): Promise<RunningRole>;
}
