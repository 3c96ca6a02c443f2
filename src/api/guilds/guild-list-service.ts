import { PermissionFlagsBits } from 'discord.js';
import type { GuildRepository } from '../../db/index.ts';
import type { DiscordOAuthClient } from '../auth/discord-oauth-client.ts';
import type { PanelSession } from '../auth/session-service.ts';
import type { GuildAccessGuard } from './guild-access-guard.ts';

/**
 * What the bot asks for when invited: music (voice, messages, embeds, reactions) and the
 * community features (temporary voice channels need Manage Channels and Move Members).
 */
export const BOT_INVITE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak |
  PermissionFlagsBits.UseVAD |
  PermissionFlagsBits.MoveMembers |
  PermissionFlagsBits.ManageChannels;

export interface PanelGuild {
  id: string;
  name: string;
  icon: string | null;
  owner: boolean;
  botPresent: boolean;
  /** Where to add the bot, for guilds it isn't in (null without DISCORD_CLIENT_ID). */
  inviteUrl: string | null;
}

/** The guilds a user may manage, with whether the bot is there or an invite link. */
export class GuildListService {
  constructor(
    private readonly access: GuildAccessGuard,
    private readonly guilds: GuildRepository,
    private readonly discord: DiscordOAuthClient | null,
  ) {}

  async list(session: PanelSession): Promise<PanelGuild[]> {
    const manageable = await this.access.manageableGuilds(session);
    const withBot = await this.guilds.withBot(manageable.map((guild) => guild.id));
    return manageable
      .map((guild) => {
        const botPresent = withBot.has(guild.id);
        return {
          ...guild,
          botPresent,
          inviteUrl: botPresent ? null : (this.discord?.inviteUrl(guild.id, BOT_INVITE_PERMISSIONS) ?? null),
        };
      })
      .sort((a, b) => Number(b.botPresent) - Number(a.botPresent) || a.name.localeCompare(b.name));
  }
}
