import {
  createChannel,
  deleteChannel,
  deleteOverwrite,
  setOverwrite,
  updateChannel,
} from '../domain/channels.ts';
import {
  addBotToGuild,
  addMember,
  createGuild,
  createRole,
  deleteRole,
  removeBotFromGuild,
  removeMember,
  updateMember,
  updateRole,
} from '../domain/guilds.ts';
import { createApplication, createUser } from '../domain/users.ts';
import type { World } from '../domain/world.ts';
import { EmulatorUsageError } from '../errors.ts';
import { ALL_PERMISSIONS, Permission, parsePermissions } from '../permissions.ts';
import {
  type Json,
  serializeChannel,
  serializeMember,
  serializeRole,
  serializeUser,
} from '../state/serialize.ts';
import type { OverwriteRecord } from '../state/types.ts';
import { type ControlInput, controlSchemas as S } from './schemas.ts';

const CHANNEL_TYPES = { text: 0, voice: 2, category: 4, announcement: 5, stage: 13 } as const;

/** Permissions the bot gets when added without explicit ones: what a music/community bot asks for. */
export const DEFAULT_BOT_PERMISSIONS =
  Permission.VIEW_CHANNEL |
  Permission.SEND_MESSAGES |
  Permission.EMBED_LINKS |
  Permission.ATTACH_FILES |
  Permission.READ_MESSAGE_HISTORY |
  Permission.ADD_REACTIONS |
  Permission.USE_EXTERNAL_EMOJIS |
  Permission.MANAGE_MESSAGES |
  Permission.MANAGE_CHANNELS |
  Permission.MANAGE_ROLES |
  Permission.CONNECT |
  Permission.SPEAK |
  Permission.MOVE_MEMBERS |
  Permission.USE_VAD;

/**
 * The world-building half of the control API: applications, users, guilds, channels, roles, members
 * and the bot's membership. `DiscordControl` adds acting as users and disturbing the emulator.
 */
export class WorldSetupControl {
  constructor(
    protected readonly world: World,
    /** The application used when an input names none (the emulator's own bot). */
    public defaultApplicationId: string,
  ) {}

  createApplication(input: ControlInput<'createApplication'>) {
    const app = createApplication(this.world, S.createApplication.parse(input));
    return {
      applicationId: app.id,
      botUserId: app.botUserId,
      token: app.token,
      clientSecret: app.clientSecret,
    };
  }

  updateApplication(input: ControlInput<'updateApplication'>) {
    const parsed = S.updateApplication.parse(input);
    const app = this.world.store.applications.get(parsed.applicationId ?? this.defaultApplicationId);
    if (!app) throw new EmulatorUsageError('unknown application');
    if (parsed.flags !== undefined) app.flags = parsed.flags;
    if (parsed.redirectUris !== undefined) app.redirectUris = parsed.redirectUris;
    return { applicationId: app.id, flags: app.flags, redirectUris: app.redirectUris };
  }

  createUser(input: ControlInput<'createUser'>): Json {
    return serializeUser(createUser(this.world, S.createUser.parse(input)));
  }

  /** Changes a user's client language (their interactions' `locale`) or display name. */
  updateUser(input: ControlInput<'updateUser'>): Json {
    const parsed = S.updateUser.parse(input);
    const user = this.world.store.user(parsed.userId);
    if (parsed.locale !== undefined) user.locale = parsed.locale;
    if (parsed.globalName !== undefined) user.globalName = parsed.globalName;
    return { ...serializeUser(user), locale: user.locale };
  }

  /** Creates a guild (owner is its first member) and, unless `addBot: false`, adds the bot to it. */
  createGuild(input: ControlInput<'createGuild'>) {
    const parsed = S.createGuild.parse(input);
    const guild = createGuild(this.world, {
      name: parsed.name,
      ownerId: parsed.ownerId,
      ...(parsed.locale ? { locale: parsed.locale } : {}),
      ...(parsed.everyonePermissions !== undefined
        ? { everyonePermissions: BigInt(parsed.everyonePermissions) }
        : {}),
    });
    if (parsed.addBot) {
      addBotToGuild(
        this.world,
        guild.id,
        parsed.applicationId ?? this.defaultApplicationId,
        parsed.botPermissions !== undefined ? BigInt(parsed.botPermissions) : DEFAULT_BOT_PERMISSIONS,
      );
    }
    return { id: guild.id, name: guild.name, ownerId: guild.ownerId, everyoneRoleId: guild.id };
  }

  createChannel(input: ControlInput<'createChannel'>): Json {
    const parsed = S.createChannel.parse(input);
    const channel = createChannel(this.world, {
      guildId: parsed.guildId,
      name: parsed.name,
      type: typeof parsed.type === 'number' ? parsed.type : CHANNEL_TYPES[parsed.type],
      parentId: parsed.parentId ?? null,
      topic: parsed.topic ?? null,
      ...(parsed.userLimit !== undefined ? { userLimit: parsed.userLimit } : {}),
      ...(parsed.bitrate !== undefined ? { bitrate: parsed.bitrate } : {}),
      ...(parsed.position !== undefined ? { position: parsed.position } : {}),
      overwrites: (parsed.overwrites ?? []).map(toOverwrite),
    });
    return serializeChannel(channel);
  }

  /** Changes a channel as a user with Manage Channels would (renames count against the rename limit). */
  updateChannel(input: ControlInput<'updateChannel'>): Json {
    const parsed = S.updateChannel.parse(input);
    const channel = updateChannel(this.world, parsed.channelId, {
      ...(parsed.name !== undefined ? { name: parsed.name } : {}),
      ...(parsed.parentId !== undefined ? { parentId: parsed.parentId } : {}),
      ...(parsed.topic !== undefined ? { topic: parsed.topic } : {}),
      ...(parsed.userLimit !== undefined ? { userLimit: parsed.userLimit } : {}),
      ...(parsed.position !== undefined ? { position: parsed.position } : {}),
      ...(parsed.overwrites !== undefined ? { overwrites: parsed.overwrites.map(toOverwrite) } : {}),
    });
    return serializeChannel(channel);
  }

  deleteChannel(input: ControlInput<'deleteChannel'>): Json {
    return serializeChannel(deleteChannel(this.world, S.deleteChannel.parse(input).channelId));
  }

  setPermissionOverwrite(input: ControlInput<'setPermissionOverwrite'>): Json {
    const parsed = S.setPermissionOverwrite.parse(input);
    return serializeChannel(setOverwrite(this.world, parsed.channelId, toOverwrite(parsed)));
  }

  deletePermissionOverwrite(input: ControlInput<'deletePermissionOverwrite'>): Json {
    const parsed = S.deletePermissionOverwrite.parse(input);
    return serializeChannel(deleteOverwrite(this.world, parsed.channelId, parsed.id));
  }

  createRole(input: ControlInput<'createRole'>): Json {
    const parsed = S.createRole.parse(input);
    const role = createRole(this.world, {
      ...parsed,
      permissions: parsed.permissions !== undefined ? BigInt(parsed.permissions) : 0n,
    });
    return serializeRole(role);
  }

  updateRole(input: ControlInput<'updateRole'>): Json {
    const parsed = S.updateRole.parse(input);
    const role = updateRole(this.world, parsed.guildId, parsed.roleId, {
      ...(parsed.name !== undefined ? { name: parsed.name } : {}),
      ...(parsed.permissions !== undefined ? { permissions: BigInt(parsed.permissions) } : {}),
      ...(parsed.color !== undefined ? { color: parsed.color } : {}),
    });
    return serializeRole(role);
  }

  deleteRole(input: ControlInput<'deleteRole'>): void {
    const parsed = S.deleteRole.parse(input);
    deleteRole(this.world, parsed.guildId, parsed.roleId);
  }

  addMember(input: ControlInput<'addMember'>): Json {
    const parsed = S.addMember.parse(input);
    const member = addMember(this.world, {
      guildId: parsed.guildId,
      userId: parsed.userId,
      roleIds: parsed.roles ?? [],
      nick: parsed.nick ?? null,
    });
    return serializeMember(this.world.store, member);
  }

  removeMember(input: ControlInput<'removeMember'>): void {
    const parsed = S.removeMember.parse(input);
    removeMember(this.world, parsed.guildId, parsed.userId);
  }

  updateMember(input: ControlInput<'updateMember'>): Json {
    const parsed = S.updateMember.parse(input);
    const member = updateMember(this.world, parsed.guildId, parsed.userId, {
      ...(parsed.roles !== undefined ? { roleIds: parsed.roles } : {}),
      ...(parsed.nick !== undefined ? { nick: parsed.nick } : {}),
      ...(parsed.mute !== undefined ? { mute: parsed.mute } : {}),
      ...(parsed.deaf !== undefined ? { deaf: parsed.deaf } : {}),
      ...(parsed.communicationDisabledUntil !== undefined
        ? { communicationDisabledUntil: parsed.communicationDisabledUntil }
        : {}),
    });
    return serializeMember(this.world.store, member);
  }

  /** The bot joins a guild (GUILD_CREATE to its sessions). */
  addBotToGuild(input: ControlInput<'addBotToGuild'>): void {
    const parsed = S.addBotToGuild.parse(input);
    addBotToGuild(
      this.world,
      parsed.guildId,
      parsed.applicationId ?? this.defaultApplicationId,
      parsed.permissions !== undefined ? BigInt(parsed.permissions) : DEFAULT_BOT_PERMISSIONS,
    );
  }

  /** The bot is kicked (GUILD_DELETE to its sessions). */
  removeBotFromGuild(input: ControlInput<'removeBotFromGuild'>): void {
    const parsed = S.removeBotFromGuild.parse(input);
    removeBotFromGuild(this.world, parsed.guildId, parsed.applicationId ?? this.defaultApplicationId);
  }
}

function toOverwrite(input: {
  id: string;
  type: 'role' | 'member' | 0 | 1;
  allow?: unknown;
  deny?: unknown;
}): OverwriteRecord {
  return {
    id: input.id,
    type: input.type === 'member' || input.type === 1 ? 1 : 0,
    allow: parsePermissions(input.allow as string | undefined) & ALL_PERMISSIONS,
    deny: parsePermissions(input.deny as string | undefined) & ALL_PERMISSIONS,
  };
}
