import { ApiErrors } from '../errors.ts';
import { Intent } from '../intents.ts';
import { DEFAULT_EVERYONE_PERMISSIONS } from '../permissions.ts';
import { serializeMember, serializeRole, serializeUser } from '../state/serialize.ts';
import { serializeGuildCreate } from '../state/serialize-guild-create.ts';
import type { GuildRecord, MemberRecord, RoleRecord } from '../state/types.ts';
import { disconnectVoice, requireInVoice, setServerVoiceFlags } from './voice.ts';
import type { World } from './world.ts';

export interface CreateGuildInput {
  name: string;
  ownerId: string;
  locale?: string;
  everyonePermissions?: bigint;
  description?: string | null;
}

/** Creates a guild with its @everyone role (id = guild id) and its owner as first member. */
export function createGuild(world: World, input: CreateGuildInput): GuildRecord {
  world.store.user(input.ownerId);
  const id = world.store.ids.nextSpread();
  const guild: GuildRecord = {
    id,
    name: input.name,
    ownerId: input.ownerId,
    icon: null,
    preferredLocale: input.locale ?? 'en-US',
    systemChannelId: null,
    afkChannelId: null,
    description: input.description ?? null,
    roles: new Map(),
    channelIds: new Set(),
    members: new Map(),
    voiceStates: new Map(),
  };
  guild.roles.set(id, {
    id,
    guildId: id,
    name: '@everyone',
    color: 0,
    hoist: false,
    position: 0,
    permissions: input.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS,
    managed: false,
    mentionable: false,
    botId: null,
  });
  world.store.guilds.set(id, guild);
  guild.members.set(input.ownerId, newMember(id, input.ownerId));
  return guild;
}

function newMember(
  guildId: string,
  userId: string,
  roleIds: string[] = [],
  nick: string | null = null,
): MemberRecord {
  return {
    guildId,
    userId,
    nick,
    roleIds,
    joinedAt: new Date().toISOString(),
    deaf: false,
    mute: false,
    communicationDisabledUntil: null,
  };
}

export interface CreateRoleInput {
  guildId: string;
  name: string;
  permissions?: bigint;
  color?: number;
  hoist?: boolean;
  mentionable?: boolean;
  /** Where to put it; Discord puts new roles at 1 (just above @everyone) and shifts the others up. */
  position?: number;
  botId?: string | null;
}

/** Adds a role (GUILD_ROLE_CREATE). */
export function createRole(world: World, input: CreateRoleInput): RoleRecord {
  const guild = world.store.guild(input.guildId);
  const position = Math.max(1, input.position ?? 1);
  for (const role of guild.roles.values()) {
    if (role.id !== guild.id && role.position >= position) role.position += 1;
  }
  const role: RoleRecord = {
    id: world.store.ids.next(),
    guildId: guild.id,
    name: input.name,
    color: input.color ?? 0,
    hoist: input.hoist ?? false,
    position,
    permissions: input.permissions ?? 0n,
    managed: input.botId !== undefined && input.botId !== null,
    mentionable: input.mentionable ?? false,
    botId: input.botId ?? null,
  };
  guild.roles.set(role.id, role);
  world.sink.dispatch({
    t: 'GUILD_ROLE_CREATE',
    d: { guild_id: guild.id, role: serializeRole(role) },
    guildId: guild.id,
    intent: Intent.GUILDS,
  });
  return role;
}

export interface UpdateRoleInput {
  name?: string;
  permissions?: bigint;
  color?: number;
  hoist?: boolean;
  mentionable?: boolean;
}

/** Changes a role (GUILD_ROLE_UPDATE). */
export function updateRole(
  world: World,
  guildId: string,
  roleId: string,
  changes: UpdateRoleInput,
): RoleRecord {
  const role = world.store.role(guildId, roleId);
  if (changes.name !== undefined) role.name = changes.name;
  if (changes.permissions !== undefined) role.permissions = changes.permissions;
  if (changes.color !== undefined) role.color = changes.color;
  if (changes.hoist !== undefined) role.hoist = changes.hoist;
  if (changes.mentionable !== undefined) role.mentionable = changes.mentionable;
  world.sink.dispatch({
    t: 'GUILD_ROLE_UPDATE',
    d: { guild_id: guildId, role: serializeRole(role) },
    guildId,
    intent: Intent.GUILDS,
  });
  return role;
}

/** Deletes a role and takes it from every member (GUILD_ROLE_DELETE). */
export function deleteRole(world: World, guildId: string, roleId: string): void {
  const guild = world.store.guild(guildId);
  const role = world.store.role(guildId, roleId);
  if (role.id === guild.id) throw ApiErrors.missingPermissions();
  guild.roles.delete(roleId);
  for (const member of guild.members.values()) member.roleIds = member.roleIds.filter((id) => id !== roleId);
  world.sink.dispatch({
    t: 'GUILD_ROLE_DELETE',
    d: { guild_id: guildId, role_id: roleId },
    guildId,
    intent: Intent.GUILDS,
  });
}

export interface AddMemberInput {
  guildId: string;
  userId: string;
  roleIds?: string[];
  nick?: string | null;
}

/** A user joins a guild (GUILD_MEMBER_ADD, needs GUILD_MEMBERS). */
export function addMember(world: World, input: AddMemberInput): MemberRecord {
  const guild = world.store.guild(input.guildId);
  world.store.user(input.userId);
  if (guild.members.has(input.userId))
    throw new Error(`user ${input.userId} is already in guild ${guild.id}`);
  for (const roleId of input.roleIds ?? []) world.store.role(guild.id, roleId);
  const member = newMember(guild.id, input.userId, [...(input.roleIds ?? [])], input.nick ?? null);
  guild.members.set(input.userId, member);
  world.sink.dispatch({
    t: 'GUILD_MEMBER_ADD',
    d: { ...serializeMember(world.store, member), guild_id: guild.id },
    guildId: guild.id,
    intent: Intent.GUILD_MEMBERS,
  });
  return member;
}

/** A member leaves or is kicked (GUILD_MEMBER_REMOVE); their voice state goes too. */
export function removeMember(world: World, guildId: string, userId: string): void {
  const guild = world.store.guild(guildId);
  world.store.member(guildId, userId);
  if (guild.voiceStates.has(userId)) disconnectVoice(world, guildId, userId);
  guild.members.delete(userId);
  world.sink.dispatch({
    t: 'GUILD_MEMBER_REMOVE',
    d: { guild_id: guildId, user: serializeUser(world.store.user(userId)) },
    guildId,
    intent: Intent.GUILD_MEMBERS,
  });
}

export interface UpdateMemberInput {
  nick?: string | null;
  roleIds?: string[];
  mute?: boolean;
  deaf?: boolean;
  communicationDisabledUntil?: string | null;
}

/**
 * Changes a member. Nick, roles and timeout dispatch GUILD_MEMBER_UPDATE; server mute and deafen
 * act on the member's voice state, as on Discord: they need the member in voice (40032 otherwise,
 * checked before anything changes) and dispatch VOICE_STATE_UPDATE.
 */
export function updateMember(
  world: World,
  guildId: string,
  userId: string,
  changes: UpdateMemberInput,
): MemberRecord {
  const member = world.store.member(guildId, userId);
  const voice = { mute: changes.mute, deaf: changes.deaf };
  if (voice.mute !== undefined || voice.deaf !== undefined) requireInVoice(world, guildId, userId);
  if (changes.roleIds !== undefined) {
    for (const roleId of changes.roleIds) world.store.role(guildId, roleId);
  }
  const memberChanged =
    changes.roleIds !== undefined ||
    changes.nick !== undefined ||
    changes.communicationDisabledUntil !== undefined;
  if (changes.roleIds !== undefined) {
    member.roleIds = [...new Set(changes.roleIds.filter((id) => id !== guildId))];
  }
  if (changes.nick !== undefined) member.nick = changes.nick;
  if (changes.communicationDisabledUntil !== undefined) {
    member.communicationDisabledUntil = changes.communicationDisabledUntil;
  }
  if (memberChanged) {
    world.sink.dispatch({
      t: 'GUILD_MEMBER_UPDATE',
      d: { ...serializeMember(world.store, member), guild_id: guildId },
      guildId,
      intent: Intent.GUILD_MEMBERS,
    });
  }
  if (voice.mute !== undefined || voice.deaf !== undefined)
    setServerVoiceFlags(world, guildId, userId, voice);
  return member;
}

/**
 * The bot joins a guild through an invite: a managed role with `permissions`, a member, GUILD_CREATE to
 * the application's sessions and GUILD_MEMBER_ADD to other bots there.
 */
export function addBotToGuild(
  world: World,
  guildId: string,
  applicationId: string,
  permissions: bigint,
): void {
  const guild = world.store.guild(guildId);
  const app = world.store.applications.get(applicationId);
  if (!app) throw ApiErrors.unknownApplication();
  if (guild.members.has(app.botUserId)) return;
  const role = createRole(world, { guildId, name: app.name, permissions, botId: app.botUserId });
  guild.members.set(app.botUserId, newMember(guildId, app.botUserId, [role.id]));
  world.sink.dispatch({
    t: 'GUILD_CREATE',
    d: null,
    build: (session) => serializeGuildCreate(world.store, guild, session),
    guildId,
    applicationId,
    intent: Intent.GUILDS,
  });
}

/** The bot leaves or is kicked: GUILD_DELETE (without `unavailable`) to its sessions. */
export function removeBotFromGuild(world: World, guildId: string, applicationId: string): void {
  const guild = world.store.guild(guildId);
  const app = world.store.applications.get(applicationId);
  if (!app) throw ApiErrors.unknownApplication();
  if (!guild.members.has(app.botUserId)) return;
  if (guild.voiceStates.has(app.botUserId)) disconnectVoice(world, guildId, app.botUserId);
  guild.members.delete(app.botUserId);
  for (const role of [...guild.roles.values()]) {
    if (role.botId === app.botUserId) guild.roles.delete(role.id);
  }
  world.sink.dispatch({
    t: 'GUILD_DELETE',
    d: { id: guildId },
    guildId,
    applicationId,
    ignoreMembership: true,
    intent: Intent.GUILDS,
  });
}
