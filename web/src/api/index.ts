export { ApiError, api, type FieldIssue, get, setCsrfToken } from './client.ts';
export { type LiveQueue, type StreamStatus, useGuildEvents } from './events.ts';
export {
  discordImage,
  keys,
  logout,
  useGuilds,
  useLiveQueue,
  useMe,
  useMemberNames,
  useMeta,
} from './queries.ts';
