import { useInfiniteQuery } from '@tanstack/react-query';
import type { AuditLogPage } from '../../../../src/settings/contract.ts';
import { get, keys } from '../../api/index.ts';

/** Entries per page ("Load more" asks for the next one with `before`). */
export const AUDIT_PAGE_SIZE = 25;

/**
 * A guild's audit log, newest first, page after page. Its key sits under
 * `keys.guildPart(guildId, 'audit')`, which the event stream invalidates on every settings
 * change, so a new entry shows up by itself.
 */
export function useAuditLog(guildId: string, filters: { action: string; actor: string }) {
  return useInfiniteQuery({
    queryKey: keys.guildPart(guildId, 'audit', filters),
    queryFn: ({ pageParam }) => {
      const search = new URLSearchParams({ limit: String(AUDIT_PAGE_SIZE) });
      if (pageParam !== null) search.set('before', String(pageParam));
      if (filters.action) search.set('action', filters.action);
      if (filters.actor) search.set('actor', filters.actor);
      return get<AuditLogPage>(`/api/guilds/${guildId}/audit?${search}`);
    },
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
  });
}
