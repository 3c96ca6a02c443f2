import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { MusicQueueEvent, QueueSnapshot } from '../../../src/music/contract.ts';
import type { SettingsUpdatedEvent } from '../../../src/settings/contract.ts';
import { ApiError, get } from './client.ts';
import { keys } from './queries.ts';

/** The music page's queue: the snapshot and when it arrived (the progress bar moves on from there). */
export interface LiveQueue {
  snapshot: QueueSnapshot;
  receivedAt: number;
}

/**
 * `forbidden`: the api refused the guild (403: the user may not manage it; 404: the bot is not
 * there; 401: logged out) — the stream is not tried again, the page says why instead.
 */
export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'forbidden';

/** Answers that retrying won't change. */
const REFUSALS = new Set([401, 403, 404]);

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
export function useGuildEvents(guildId: string, enabled = true): StreamStatus {
  const client = useQueryClient();
  const [status, setStatus] = useState<StreamStatus>('connecting');
  useEffect(() => {
    if (!enabled) return;
    setStatus('connecting');
    let source: EventSource | undefined;
    let stopped = false;
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
        // The browser retries a dropped stream itself; an error answer (503, 403) closes it for
        // good, without saying which: a cheap guarded request tells a refusal from an outage.
        if (current.readyState === EventSource.CLOSED) void afterClose();
      };
    };
    const afterClose = async () => {
      try {
        await get(`/api/guilds/${guildId}/audit?limit=1`);
      } catch (error) {
        if (stopped) return;
        if (error instanceof ApiError && REFUSALS.has(error.status)) {
          setStatus('forbidden');
          void client.invalidateQueries({ queryKey: keys.guilds });
          return;
        }
      }
      if (!stopped) retryTimer = setTimeout(connect, RETRY_AFTER_CLOSE_MS);
    };
    connect();
    return () => {
      stopped = true;
      source?.close();
      if (retryTimer) clearTimeout(retryTimer);
      if (analyticsTimer) clearTimeout(analyticsTimer);
    };
  }, [client, guildId, enabled]);
  return status;
}
