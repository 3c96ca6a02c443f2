import { ApiErrors } from '../errors.ts';
import { basePermissions, channelPermissions, type PermissionMember } from '../permissions.ts';
import { compareSnowflakes, SnowflakeGenerator } from '../snowflake.ts';
import type {
  ApplicationRecord,
  AttachmentRecord,
  ChannelRecord,
  CommandRecord,
  GuildRecord,
  MemberRecord,
  MessageRecord,
  RoleRecord,
  UserRecord,
} from './types.ts';

/**
 * The in-memory model: plain maps plus lookups that raise Discord's "Unknown …" errors. It never
 * dispatches gateway events; the domain layer (`../domain/`) changes it and dispatches together.
 */
export class EmulatorStore {
  readonly ids = new SnowflakeGenerator();
  readonly users = new Map<string, UserRecord>();
  readonly applications = new Map<string, ApplicationRecord>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly messages = new Map<string, MessageRecord>();
  /** Message ids per channel, ascending (ids increase with time). */
  readonly channelMessages = new Map<string, string[]>();
  readonly commands = new Map<string, CommandRecord>();
  /** Uploaded attachments by id, served back at their URL. */
  readonly attachments = new Map<string, AttachmentRecord>();
  private readonly tokens = new Map<string, string>();

  addApplication(app: ApplicationRecord): void {
    this.applications.set(app.id, app);
    this.tokens.set(app.token, app.id);
  }

  /** Gives an application a new bot token; the old one stops working. */
  replaceToken(app: ApplicationRecord, token: string): void {
    this.tokens.delete(app.token);
    app.token = token;
    this.tokens.set(token, app.id);
  }

  /** The application whose bot token this is, if any. */
  applicationByToken(token: string): ApplicationRecord | undefined {
    const id = this.tokens.get(token);
    return id ? this.applications.get(id) : undefined;
  }

  applicationByBotUser(userId: string): ApplicationRecord | undefined {
    for (const app of this.applications.values()) if (app.botUserId === userId) return app;
    return undefined;
  }

  user(id: string): UserRecord {
    const user = this.users.get(id);
    if (!user) throw ApiErrors.unknownUser();
    return user;
  }

  guild(id: string): GuildRecord {
    const guild = this.guilds.get(id);
    if (!guild) throw ApiErrors.unknownGuild();
    return guild;
  }

  channel(id: string): ChannelRecord {
    const channel = this.channels.get(id);
    if (!channel) throw ApiErrors.unknownChannel();
    return channel;
  }

  member(guildId: string, userId: string): MemberRecord {
    const member = this.guild(guildId).members.get(userId);
    if (!member) throw ApiErrors.unknownMember();
    return member;
  }

  role(guildId: string, roleId: string): RoleRecord {
    const role = this.guild(guildId).roles.get(roleId);
    if (!role) throw ApiErrors.unknownRole();
    return role;
  }

  message(channelId: string, messageId: string): MessageRecord {
    const message = this.messages.get(messageId);
    if (!message || message.channelId !== channelId) throw ApiErrors.unknownMessage();
    return message;
  }

  /** The guild's channels sorted as Discord shows them (position, then id). */
  guildChannels(guildId: string): ChannelRecord[] {
    const guild = this.guild(guildId);
    const channels: ChannelRecord[] = [];
    for (const id of guild.channelIds) {
      const channel = this.channels.get(id);
      if (channel) channels.push(channel);
    }
    return channels.sort((a, b) => a.position - b.position || compareSnowflakes(a.id, b.id));
  }

  /** Roles sorted by position (lowest first), as Discord lists them. */
  guildRoles(guildId: string): RoleRecord[] {
    return [...this.guild(guildId).roles.values()].sort(
      (a, b) => a.position - b.position || compareSnowflakes(a.id, b.id),
    );
  }

  /** A member's permissions in the guild, or in a channel when `channelId` is given (0 for non-members). */
  permissions(guildId: string, userId: string, channelId?: string | null): bigint {
    const guild = this.guild(guildId);
    const member = guild.members.get(userId);
    if (!member) return 0n;
    const subject: PermissionMember = {
      userId,
      roleIds: member.roleIds,
      communicationDisabledUntil: member.communicationDisabledUntil,
    };
    if (!channelId) return basePermissions(guild, subject);
    return channelPermissions(guild, subject, this.channel(channelId));
  }

  /** The position of the member's highest role (0 = only @everyone); the owner ranks above everything. */
  highestRolePosition(guildId: string, userId: string): number {
    const guild = this.guild(guildId);
    if (guild.ownerId === userId) return Number.POSITIVE_INFINITY;
    const member = guild.members.get(userId);
    let highest = 0;
    for (const roleId of member?.roleIds ?? []) {
      const role = guild.roles.get(roleId);
      if (role && role.position > highest) highest = role.position;
    }
    return highest;
  }

  /** Stores a message and indexes it under its channel. */
  addMessage(message: MessageRecord): void {
    this.messages.set(message.id, message);
    let ids = this.channelMessages.get(message.channelId);
    if (!ids) {
      ids = [];
      this.channelMessages.set(message.channelId, ids);
    }
    ids.push(message.id);
  }

  removeMessage(message: MessageRecord): void {
    this.messages.delete(message.id);
    const ids = this.channelMessages.get(message.channelId);
    if (!ids) return;
    const index = ids.indexOf(message.id);
    if (index >= 0) ids.splice(index, 1);
  }

  /** The channel's listed (non-ephemeral) messages, oldest first. */
  channelMessageList(channelId: string): MessageRecord[] {
    const ids = this.channelMessages.get(channelId) ?? [];
    const list: MessageRecord[] = [];
    for (const id of ids) {
      const message = this.messages.get(id);
      if (message && !message.ephemeral) list.push(message);
    }
    return list;
  }

  /** Guilds the user is a member of. */
  guildsOfUser(userId: string): GuildRecord[] {
    return [...this.guilds.values()].filter((g) => g.members.has(userId));
  }
}
