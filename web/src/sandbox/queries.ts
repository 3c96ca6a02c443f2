import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type {
  AutocompleteChoices,
  AutocompleteInput,
  ClickButtonBody,
  InteractionAnswer,
  LocaleBody,
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

/**
 * Whether a failure means the server is away (stopped, restarting, or its emulator gone), not
 * that it refused something: nothing it showed before can be taken as current.
 */
export function isServerAway(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'NETWORK' || error.status >= 502);
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

/** A demo user switches their client language (the bot answers them in it). */
export function useSetLocale(guildId: string) {
  const refresh = useRefresh(guildId);
  return useMutation({
    mutationFn: (input: LocaleBody) => api<LocaleBody>('POST', '/api/sandbox/locale', input),
    onSettled: refresh,
  });
}

/** How long typing must pause before the bot is asked for suggestions. */
const AUTOCOMPLETE_PAUSE_MS = 300;

/**
 * The bot's suggestions for the option being typed, asked once typing pauses (as Discord's
 * client does); null input asks nothing. A failure just means no suggestions.
 */
export function useAutocomplete(guildId: string, input: AutocompleteInput | null) {
  const [settled, setSettled] = useState<AutocompleteInput | null>(null);
  const key = input ? JSON.stringify(input) : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is `input` by value
  useEffect(() => {
    if (!input) {
      setSettled(null);
      return;
    }
    const timer = setTimeout(() => setSettled(input), AUTOCOMPLETE_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [key]);
  return useQuery({
    queryKey: keys.guildPart(guildId, 'sandbox-autocomplete', settled ? JSON.stringify(settled) : ''),
    queryFn: async () =>
      (await api<AutocompleteChoices>('POST', '/api/sandbox/autocomplete', settled ?? {})).choices,
    enabled: settled !== null,
    retry: false,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
}
