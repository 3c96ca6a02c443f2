/**
 * The guard every outgoing request for a user-supplied URL goes through: it refuses private,
 * loopback, link-local, metadata and other non-public addresses (operator allow/deny lists
 * aside), follows redirects itself checking every hop, and pins each connection to the address
 * it checked. See docs/audio-sources.md ("Which URLs the node fetches").
 */
export { type AddressVerdict, classifyAddress, parseNetRule } from './address-policy.ts';
export { findNetGuardError, NetGuardError, type NetGuardErrorCode } from './errors.ts';
export {
  createNetGuard,
  type GuardedFetchInit,
  type GuardedResponse,
  type HostResolver,
  NetGuard,
  type NetGuardOptions,
} from './net-guard.ts';
