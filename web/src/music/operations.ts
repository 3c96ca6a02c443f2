import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import type { OperationResult, QueueOperation } from '../../../src/music/contract.ts';
import { api, keys, type LiveQueue } from '../api/index.ts';
import { commonMessages, errorText } from '../components/index.ts';
import { useMessages } from '../i18n/index.ts';
import { musicMessages } from './messages.ts';

export const queueKey = (guildId: string) => keys.guildPart(guildId, 'queue');

/** An answer's queue is the newest there is: it goes into the cache the event stream also writes. */
export function storeReply(client: QueryClient, guildId: string, reply: OperationResult): void {
  client.setQueryData<LiveQueue>(queueKey(guildId), { snapshot: reply.snapshot, receivedAt: Date.now() });
}

/** "That did not work: the bot's message (CODE)", for toasts. */
export function useFailureText(): (error: unknown) => string {
  const t = useMessages(musicMessages);
  const common = useMessages(commonMessages);
  return (error) => t('operationFailed', { reason: errorText(error, common('networkError')) });
}

/**
 * Sends queue operations. The answer's queue replaces the cached one at once (the event stream
 * brings the same a moment later); a refusal is shown as a toast unless `quiet` (the caller
 * shows it where the user is looking).
 */
export function useQueueOperation(
  guildId: string,
  options: {
    quiet?: boolean;
    /** Summon: where the bot goes for a `join`, or for an `add` when it is in no voice channel. */
    voiceChannelId?: string | null;
  } = {},
) {
  const client = useQueryClient();
  const failure = useFailureText();
  return useMutation({
    mutationFn: (operation: QueueOperation) =>
      api<OperationResult>('POST', operationsPath(guildId, options.voiceChannelId), operation),
    onSuccess: (reply) => storeReply(client, guildId, reply),
    onError: (error) => {
      if (!options.quiet) toast.error(failure(error));
    },
  });
}

/** The operations route, with the summon target when there is one. */
export function operationsPath(guildId: string, voiceChannelId?: string | null): string {
  const path = `/api/guilds/${guildId}/queue/operations`;
  return voiceChannelId ? `${path}?voiceChannelId=${encodeURIComponent(voiceChannelId)}` : path;
}

/** `items` with the element at `from` moved to `to` (0-based). */
export function moved<T>(items: readonly T[], from: number, to: number): T[] {
  const result = [...items];
  const [item] = result.splice(from, 1);
  if (item !== undefined) result.splice(to, 0, item);
  return result;
}

/**
 * Moves an upcoming track (positions from 1). The list changes at once; a refusal puts it back
 * (unless a newer queue arrived meanwhile) and fetches the queue again to be sure.
 */
export function useMoveTrack(guildId: string) {
  const client = useQueryClient();
  const failure = useFailureText();
  const key = queueKey(guildId);
  return useMutation({
    mutationFn: (move: { from: number; to: number }) =>
      api<OperationResult>('POST', `/api/guilds/${guildId}/queue/operations`, { type: 'move', ...move }),
    onMutate: async ({ from, to }) => {
      await client.cancelQueries({ queryKey: key });
      const previous = client.getQueryData<LiveQueue>(key);
      if (!previous) return { previous, optimistic: undefined };
      const optimistic: LiveQueue = {
        ...previous,
        snapshot: { ...previous.snapshot, upcoming: moved(previous.snapshot.upcoming, from - 1, to - 1) },
      };
      client.setQueryData(key, optimistic);
      return { previous, optimistic };
    },
    onSuccess: (reply) => storeReply(client, guildId, reply),
    onError: (error, _move, context) => {
      if (context?.previous && client.getQueryData(key) === context.optimistic) {
        client.setQueryData(key, context.previous);
      }
      void client.invalidateQueries({ queryKey: key });
      toast.error(failure(error));
    },
  });
}
