import { useQuery } from '@tanstack/react-query';
import { ApiError, api, get, setCsrfToken } from './client.ts';
import type { LiveQueue } from './events.ts';
import type { Analytics, GuildSummary, Me, Meta, QueueSnapshot } from './types.ts';

/** Query keys, in one place so the event stream and mutations invalidate the same ones. */
export const keys = {
  meta: ['meta'] as const,
  me: ['me'] as const,
  guilds: ['guilds'] as const,
  guild: (guildId: string) => ['guild', guildId] as const,
  guildPart: (guildId: string, part: string, ...rest: unknown[]) =>
    ['guild', guildId, part, ...rest] as const,
};

export function useMeta() {
  return useQuery({
    queryKey: keys.meta,
    queryFn: () => get<Meta>('/api/meta'),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The logged-in user, or null when there is no session (401 is an answer here, not a failure). */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async () => {
      try {
        const me = await get<Me>('/api/auth/me');
        setCsrfToken(me.csrfToken);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function useGuilds() {
  return useQuery({
    queryKey: keys.guilds,
    queryFn: async () => (await get<{ guilds: GuildSummary[] }>('/api/guilds')).guilds,
  });
}

export async function logout(): Promise<void> {
  await api('POST', '/api/auth/logout');
  setCsrfToken(null);
}

/** Discord's CDN address of a guild icon or user avatar, or null. */
export function discordImage(
  kind: 'icons' | 'avatars',
  id: string,
  hash: string | null,
  size = 64,
): string | null {
  return hash ? `https://cdn.discordapp.com/${kind}/${id}/${hash}.png?size=${size}` : null;
}

/** A guild's live queue: fetched once, then kept current by the event stream (same key and shape). */
export function useLiveQueue(guildId: string) {
  return useQuery({
    queryKey: keys.guildPart(guildId, 'queue'),
    queryFn: async (): Promise<LiveQueue> => {
      const { snapshot } = await get<{ snapshot: QueueSnapshot }>(`/api/guilds/${guildId}/queue`);
      return { snapshot, receivedAt: Date.now() };
    },
    // The stream keeps it fresh; refetching on a timer would only fight it.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export type AnalyticsRange = Analytics['range'];

export function useAnalytics(guildId: string, range: AnalyticsRange) {
  return useQuery({
    queryKey: keys.guildPart(guildId, 'analytics', range),
    queryFn: () => get<Analytics>(`/api/guilds/${guildId}/analytics?range=${range}`),
    placeholderData: (previous) => previous,
  });
}
