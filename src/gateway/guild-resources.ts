import { ChannelType, type Client } from 'discord.js';
import { z } from 'zod';
import { type Bus, BusCommandError, type Unsubscribe } from '../bus/index.ts';

/**
 * The bus commands that let other roles read a guild's channels and roles from the gateway's
 * discord.js cache (no Discord REST call). Address {@link GATEWAY_ADDRESS}: every gateway
 * instance listens; the one whose client has the guild answers, one that doesn't replies
 * GUILD_NOT_HERE. Today one gateway process holds every shard, so exactly one instance answers.
 */
export const GATEWAY_ADDRESS = 'gateway';
export const GUILD_CHANNELS_COMMAND = 'guild.channels';
export const GUILD_ROLES_COMMAND = 'guild.roles';
export const GUILD_MEMBERS_COMMAND = 'guild.members';
/** At most this many members per request: a queue page's requesters, not the member list. */
export const GUILD_MEMBERS_MAX = 50;
/** BusCommandError code: this gateway instance doesn't have the guild. */
export const GUILD_NOT_HERE = 'GUILD_NOT_HERE';

export const guildResourceRequestSchema = z.object({ guildId: z.string().regex(/^\d{15,21}$/) });
export type GuildResourceRequest = z.output<typeof guildResourceRequestSchema>;

export const guildChannelSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(['text', 'voice', 'category']),
  parentId: z.string().nullable(),
  position: z.number().int(),
});
export const guildRoleSchema = z.object({
  id: z.string(),
  name: z.string(),
  color: z.number().int(),
  position: z.number().int(),
  managed: z.boolean(),
});
export const guildMembersRequestSchema = guildResourceRequestSchema.extend({
  ids: z
    .array(z.string().regex(/^\d{15,21}$/))
    .min(1)
    .max(GUILD_MEMBERS_MAX),
});
export const guildMemberSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  avatarUrl: z.string().nullable(),
  bot: z.boolean(),
});
export const guildMembersReplySchema = z.object({ members: z.array(guildMemberSchema) });
export type GuildMember = z.output<typeof guildMemberSchema>;
export const guildChannelsReplySchema = z.object({ channels: z.array(guildChannelSchema) });
export const guildRolesReplySchema = z.object({ roles: z.array(guildRoleSchema) });
export type GuildChannel = z.output<typeof guildChannelSchema>;
export type GuildRole = z.output<typeof guildRoleSchema>;

const channelKinds: Partial<Record<ChannelType, GuildChannel['type']>> = {
  [ChannelType.GuildText]: 'text',
  [ChannelType.GuildAnnouncement]: 'text',
  [ChannelType.GuildVoice]: 'voice',
  [ChannelType.GuildStageVoice]: 'voice',
  [ChannelType.GuildCategory]: 'category',
};

/** Registers the guild-resource commands for this client; returns what removes them. */
export async function handleGuildResourceCommands(bus: Bus, client: Client): Promise<Unsubscribe> {
  const guildOf = (payload: unknown) => {
    const parsed = guildResourceRequestSchema.safeParse(payload);
    if (!parsed.success) throw new BusCommandError('INVALID_REQUEST', 'guildId must be a Discord id');
    const guild = client.guilds.cache.get(parsed.data.guildId);
    if (!guild)
      throw new BusCommandError(GUILD_NOT_HERE, `Guild ${parsed.data.guildId} is not on this gateway`);
    return guild;
  };
  const off = await Promise.all([
    bus.handle(GATEWAY_ADDRESS, GUILD_CHANNELS_COMMAND, (payload) => {
      const channels: GuildChannel[] = [];
      for (const channel of guildOf(payload).channels.cache.values()) {
        const type = channelKinds[channel.type];
        if (!type || channel.isThread()) continue;
        channels.push({
          id: channel.id,
          name: channel.name,
          type,
          parentId: channel.parentId,
          position: channel.position,
        });
      }
      channels.sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
      return { channels };
    }),
    bus.handle(GATEWAY_ADDRESS, GUILD_ROLES_COMMAND, (payload) => {
      const roles: GuildRole[] = guildOf(payload)
        .roles.cache.map((role) => ({
          id: role.id,
          name: role.name,
          color: role.color,
          position: role.position,
          managed: role.managed,
        }))
        .sort((a, b) => b.position - a.position);
      return { roles };
    }),
    bus.handle(GATEWAY_ADDRESS, GUILD_MEMBERS_COMMAND, async (payload) => {
      const guild = guildOf(payload);
      const parsed = guildMembersRequestSchema.safeParse(payload);
      if (!parsed.success)
        throw new BusCommandError('INVALID_REQUEST', parsed.error.issues[0]?.message ?? 'bad ids');
      // The cache first (members in voice are always there); the rest one REST call each, in
      // parallel. Someone who left the server is simply absent from the answer.
      const found = await Promise.all(
        [...new Set(parsed.data.ids)].map(
          async (id) => guild.members.cache.get(id) ?? (await guild.members.fetch(id).catch(() => null)),
        ),
      );
      const members: GuildMember[] = found
        .filter((member) => member !== null)
        .map((member) => ({
          id: member.id,
          displayName: member.displayName,
          avatarUrl: member.displayAvatarURL({ size: 64 }),
          bot: member.user.bot,
        }));
      return { members };
    }),
  ]);
  return async () => {
    await Promise.all(off.map((unsubscribe) => unsubscribe()));
  };
}
