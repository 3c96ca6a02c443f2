import { useQuery } from '@tanstack/react-query';
import type { AnalyticsSummary } from '../../../src/analytics/contract.ts';
import type { AnalyticsRange } from '../../../src/analytics/window.ts';
import { get, keys } from '../api/index.ts';

/** A guild's figures over `range`; the previous range's stay on screen while the next loads. */
export function useAnalytics(guildId: string, range: AnalyticsRange) {
  return useQuery({
    queryKey: keys.guildPart(guildId, 'analytics', range),
    queryFn: () => get<AnalyticsSummary>(`/api/guilds/${guildId}/analytics?range=${range}`),
    placeholderData: (previous) => previous,
  });
}
