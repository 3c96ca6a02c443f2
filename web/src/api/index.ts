export { ApiError, api, type FieldIssue, get, setCsrfToken } from './client.ts';
export { type LiveQueue, type StreamStatus, useGuildEvents } from './events.ts';
export {
  type AnalyticsRange,
  discordImage,
  keys,
  logout,
  useAnalytics,
  useGuilds,
  useLiveQueue,
  useMe,
  useMemberNames,
  useMeta,
} from './queries.ts';
export type * from './types.ts';
