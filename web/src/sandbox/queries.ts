import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ClickButtonBody,
  InteractionAnswer,
  RunCommandInput,
  SandboxCommandList,
  SandboxMessage,
  SandboxMessageList,
  SandboxState,
  SelectMenuBody,
  SendMessageBody,
  VoiceBody,
  VoiceStates,
} from '../../../src/api/sandbox/contract.ts';
import { ApiError, api, get, keys } from '../api/index.ts';

/** How often the page looks for new messages and voice changes (the emulator has no event stream for it). */
export const POLL_MS = 1_000;

const stateKey = ['sandbox'] as const;
const messagesKey = (guildId: string, channelId: string, viewer: string) =>
  keys.guildPart(guildId, 'sandbox-messages', channelId, viewer);

/** Whether a failure says this Gramophone runs no sandbox. */
export function isNoSandbox(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/** The sandbox server: channels, demo users, voice states, whether the bot sends audio. */
export function useSandboxState() {
  return useQuery({
    queryKey: stateKey,
    queryFn: () => get<SandboxState>('/api/sandbox'),
    // A 404 means this process runs no sandbox (it is connected to Discord): nothing to poll.
    refetchInterval: (query) => (isNoSandbox(query.state.error) ? false : POLL_MS),
    retry: (failures, error) => !isNoSandbox(error) && failures < 3,
  });
}

/** The bot's slash commands (registered once it is ready; refetched until there are some). */
export function useSandboxCommands(guildId: string) {
  return useQuery({
    queryKey: keys.guildPart(guildId, 'sandbox-commands'),
    queryFn: async () => (await get<SandboxCommandList>('/api/sandbox/commands')).commands,
    refetchInterval: (query) => (query.state.data && query.state.data.length > 0 ? false : 3_000),
  });
}

/** A text channel's conversation as `viewer` sees it (with their ephemeral answers). */
export function useChannelMessages(guildId: string, channelId: string, viewer: string) {
  return useQuery({
    queryKey: messagesKey(guildId, channelId, viewer),
    queryFn: async () =>
      (
        await get<SandboxMessageList>(
          `/api/sandbox/channels/${channelId}/messages?viewer=${encodeURIComponent(viewer)}`,
        )
      ).messages,
    refetchInterval: POLL_MS,
    enabled: channelId !== '' && viewer !== '',
  });
}

/** After something a user did: the conversation and the voice states now, not at the next poll. */
function useRefresh(guildId: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: keys.guildPart(guildId, 'sandbox-messages') });
    void client.invalidateQueries({ queryKey: stateKey });
  };
}

export function useRunCommand(guildId: string) {
  const refresh = useRefresh(guildId);
  return useMutation({
    mutationFn: (input: RunCommandInput) => api<InteractionAnswer>('POST', '/api/sandbox/commands', input),
    onSettled: refresh,
  });
}

export function useSendMessage(guildId: string) {
  const refresh = useRefresh(guildId);
  return useMutation({
    mutationFn: (input: SendMessageBody) => api<SandboxMessage>('POST', '/api/sandbox/messages', input),
    onSettled: refresh,
  });
}

export function useClickButton(guildId: string) {
  const refresh = useRefresh(guildId);
  return useMutation({
    mutationFn: (input: ClickButtonBody) => api<InteractionAnswer>('POST', '/api/sandbox/buttons', input),
    onSettled: refresh,
  });
}

export function useSelectMenu(guildId: string) {
  const refresh = useRefresh(guildId);
  return useMutation({
    mutationFn: (input: SelectMenuBody) => api<InteractionAnswer>('POST', '/api/sandbox/selects', input),
    onSettled: refresh,
  });
}

export function useSetVoice(guildId: string) {
  const refresh = useRefresh(guildId);
  return useMutation({
    mutationFn: (input: VoiceBody) => api<VoiceStates>('POST', '/api/sandbox/voice', input),
    onSettled: refresh,
  });
}
