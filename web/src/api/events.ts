import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { MusicQueueEvent, QueueSnapshot } from '../../../src/music/contract.ts';
import type { SettingsUpdatedEvent } from '../../../src/settings/contract.ts';
import { keys } from './queries.ts';

/** The music page's queue: the snapshot and when it arrived (the progress bar moves on from there). */
export interface LiveQueue {
  snapshot: QueueSnapshot;
  receivedAt: number;
}

export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

/** Analytics follow plays; at most one refetch per this many ms, however busy the guild. */
const ANALYTICS_REFRESH_MS = 5_000;
/** After an error answer (the browser gives up on those), try again this much later. */
const RETRY_AFTER_CLOSE_MS = 5_000;

function applyEvent(client: QueryClient, guildId: string, type: string, data: unknown): void {
  switch (type) {
    case 'ready':
    case 'resync':
      // Whatever was missed can't be replayed: everything of this guild is fetched again.
      void client.invalidateQueries({ queryKey: keys.guild(guildId) });
      return;
    case 'queue': {
      const { snapshot } = data as MusicQueueEvent;
      client.setQueryData<LiveQueue>(keys.guildPart(guildId, 'queue'), { snapshot, receivedAt: Date.now() });
      return;
    }
    case 'settings': {
      const { settings } = data as SettingsUpdatedEvent;
      client.setQueryData(keys.guildPart(guildId, 'settings'), settings);
      void client.invalidateQueries({ queryKey: keys.guildPart(guildId, 'audit') });
      return;
    }
  }
}

/**
 * Follows a guild's event stream (SSE) while mounted and writes what arrives into the query
 * cache, so every page showing that data updates without a reload. EventSource reconnects by
 * itself and sends `Last-Event-ID`; the api replays the gap or says `resync`.
 */
export function useGuildEvents(guildId: string): StreamStatus {
  const client = useQueryClient();
  const [status, setStatus] = useState<StreamStatus>('connecting');
  useEffect(() => {
    let source: EventSource | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let analyticsTimer: ReturnType<typeof setTimeout> | undefined;
    const refreshAnalyticsSoon = () => {
      analyticsTimer ??= setTimeout(() => {
        analyticsTimer = undefined;
        void client.invalidateQueries({ queryKey: keys.guildPart(guildId, 'analytics') });
      }, ANALYTICS_REFRESH_MS);
    };
    const connect = () => {
      const current = new EventSource(`/api/guilds/${guildId}/events`);
      source = current;
      for (const type of ['ready', 'resync', 'queue', 'settings']) {
        current.addEventListener(type, (event) => {
          setStatus('live');
          let data: unknown = null;
          try {
            data = JSON.parse((event as MessageEvent<string>).data);
          } catch {
            return;
          }
          applyEvent(client, guildId, type, data);
          if (type === 'queue') refreshAnalyticsSoon();
        });
      }
      current.onopen = () => setStatus('live');
      current.onerror = () => {
        setStatus('reconnecting');
        // The browser retries a dropped stream itself; an error answer (503, 401) closes it for good.
        if (current.readyState === EventSource.CLOSED) retryTimer = setTimeout(connect, RETRY_AFTER_CLOSE_MS);
      };
    };
    connect();
    return () => {
      source?.close();
      if (retryTimer) clearTimeout(retryTimer);
      if (analyticsTimer) clearTimeout(analyticsTimer);
    };
  }, [client, guildId]);
  return status;
}
