/**
 * Analytics: plays, members and commands recorded with their rollups in one transaction, and
 * the figures the panel shows (`AnalyticsService`), as JSON or CSV. `analyticsCapability`
 * records music's ended plays, member events and command uses in the gateway and serves the
 * figures in the panel. Design: docs/api.md "Analytics".
 */
export { AnalyticsService, TOP_LIMIT } from './analytics-service.ts';
export { analyticsCapability } from './capability.ts';
export { type AnalyticsSummary, analyticsSummarySchema } from './contract.ts';
export { CSV_COLUMNS, renderAnalyticsCsv } from './csv.ts';
export {
  type CommandUseInput,
  commandUseInputSchema,
  type MemberEventInput,
  memberEventInputSchema,
  type PlayEventInput,
  playEventInputSchema,
} from './inputs.ts';
export { rebuildRollups } from './rebuild.ts';
export { GuildActivityRecorder, PlayEventRecorder } from './recorder.ts';
export { type AnalyticsRange, type AnalyticsWindow, analyticsRanges, windowOf } from './window.ts';
