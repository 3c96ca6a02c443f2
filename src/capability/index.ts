/**
 * The capability contract: what a capability folder implements to contribute to the roles,
 * and how the roles compose a list of them. Design: docs/architecture.md "Capabilities".
 */
export {
  type AnyCapability,
  type ApiContext,
  type ApiPart,
  type Capability,
  type CapabilityContext,
  type CommandUse,
  defineCapability,
  type GatewayContext,
  type GatewayPart,
  type GuildDirectory,
  type JobDefinition,
  type LocalizedMessage,
  type PlanLimit,
  type ServicesOf,
  type StartedGatewayPart,
  type WorkerPart,
} from './capability.ts';
export {
  CapabilityRegistryError,
  type Contributions,
  composeCapabilities,
  contributionsOf,
} from './compose.ts';
