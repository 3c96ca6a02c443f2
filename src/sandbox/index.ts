/**
 * The sandbox: with no DISCORD_TOKEN, `gramophone start` and `gramophone gateway` run the Discord
 * emulator (demo guild, real voice server) in the process and point the bot and panel login at it,
 * so a first run works offline. See docs/deployment.md#sandbox.
 */
export { type Sandbox, SandboxStartError, startSandbox } from './sandbox.ts';
export {
  isLoopbackListenHost,
  type SandboxConfig,
  sandboxCertDir,
  sandboxConfig,
  sandboxNeedsVoiceTrust,
  sandboxRemoteExposure,
  sandboxWanted,
} from './sandbox-config.ts';
export {
  type ChildExit,
  followParentLifetime,
  isSandboxRelaunch,
  prepareSandboxTrust,
  relaunchTrustingCa,
  reportSignalsToParent,
  SANDBOX_RELAUNCH_MARKER,
} from './trust-relaunch.ts';
export { checkVoiceTrust, type TrustCheck } from './voice-trust.ts';
