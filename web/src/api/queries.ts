import { useQuery } from '@tanstack/react-query';
import type { PanelGuildList, PanelMe, PanelMeta } from '../../../src/api/contract.ts';
import type { GuildMembersReply } from '../../../src/gateway/contract.ts';
import type { LiveQueueReply } from '../../../src/music/contract.ts';
import { ApiError, api, get, setCsrfToken } from './client.ts';
import type { LiveQueue } from './events.ts';

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
    queryFn: () => get<PanelMeta>('/api/meta'),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The logged-in user, or null when there is no session (401 is an answer here, not a failure). */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async () => {
      try {
        const me = await get<PanelMe>('/api/auth/me');
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
    queryFn: async () => (await get<PanelGuildList>('/api/guilds')).guilds,
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
      const { snapshot } = await get<LiveQueueReply>(`/api/guilds/${guildId}/queue`);
      return { snapshot, receivedAt: Date.now() };
    },
    // The stream keeps it fresh; refetching on a timer would only fight it.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The api answers at most this many members per request (GUILD_MEMBERS_MAX, src/gateway/contract.ts). */
const MEMBERS_PER_REQUEST = 50;

/**
 * Display names of the given members (queue requesters and the like), as a map by id. Asked of
 * the bot in one request per set of ids and kept for 5 minutes; ids not in the server are absent.
 */
export function useMemberNames(guildId: string, ids: readonly (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))]
    .sort()
    .slice(0, MEMBERS_PER_REQUEST);
  const query = useQuery({
    queryKey: keys.guildPart(guildId, 'members', wanted.join(',')),
    queryFn: async () =>
      (await get<GuildMembersReply>(`/api/guilds/${guildId}/members?ids=${wanted.join(',')}`)).members,
    enabled: wanted.length > 0,
    staleTime: 5 * 60_000,
    placeholderData: (previous) => previous,
  });
  return new Map((query.data ?? []).map((member) => [member.id, member]));
}
