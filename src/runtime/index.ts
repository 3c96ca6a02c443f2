export { RoleStartError, type RunningApp, startApp } from './app.ts';
export { DependencyError, openConfiguredDatabase } from './infrastructure.ts';
export { runUntilSignal } from './lifecycle.ts';
export {
  type AppContext,
  type RoleDefinition,
  type RoleName,
  type RunningRole,
  roleNames,
  type SandboxHandle,
  type SandboxVoiceActivity,
} from './role.ts';
