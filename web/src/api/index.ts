export { ApiError, api, type FieldIssue, get, setCsrfToken } from './client.ts';
export { useGuildEvents } from './events.ts';
export { discordImage, keys, logout, useGuilds, useMe, useMeta } from './queries.ts';
export type * from './types.ts';
