import { useQuery } from '@tanstack/react-query';
import type { GuildChannelsReply, GuildRolesReply } from '../../../src/gateway/contract.ts';
import type { SettingDescriptorList, SettingsReply } from '../../../src/settings/contract.ts';
import { get, keys } from '../api/index.ts';

/**
 * The server's settings. The data is the settings object itself, under the key the event
 * stream writes a `settings` event into, so a change made in Discord arrives here by itself.
 */
export function useGuildSettings(guildId: string) {
  return useQuery({
    queryKey: keys.guildPart(guildId, 'settings'),
    queryFn: async () => (await get<SettingsReply>(`/api/guilds/${guildId}/settings`)).settings,
  });
}

/** How each setting is edited; it changes only with a new version of the server. */
export function useSettingsSchema(guildId: string) {
  return useQuery({
    queryKey: keys.guildPart(guildId, 'settings-schema'),
    queryFn: async () =>
      (await get<SettingDescriptorList>(`/api/guilds/${guildId}/settings/schema`)).settings,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The server's roles, highest first (one request, shared by every role picker). */
export function useGuildRoles(guildId: string, enabled = true) {
  return useQuery({
    queryKey: keys.guildPart(guildId, 'roles'),
    queryFn: async () => (await get<GuildRolesReply>(`/api/guilds/${guildId}/roles`)).roles,
    enabled,
    staleTime: 60_000,
  });
}

/** The server's channels (one request, shared by every channel and category picker). */
export function useGuildChannels(guildId: string, enabled = true) {
  return useQuery({
    queryKey: keys.guildPart(guildId, 'channels'),
    queryFn: async () => (await get<GuildChannelsReply>(`/api/guilds/${guildId}/channels`)).channels,
    enabled,
    staleTime: 60_000,
  });
}
