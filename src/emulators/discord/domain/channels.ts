import { ApiErrors, fieldError, rateLimitedError } from '../errors.ts';
import { Intent } from '../intents.ts';
import { serializeChannel } from '../state/serialize.ts';
import { type ChannelRecord, ChannelType, type OverwriteRecord } from '../state/types.ts';
import { disconnectVoice, isVoiceChannel } from './voice.ts';
import type { World } from './world.ts';

export interface CreateChannelInput {
  guildId: string;
  name: string;
  type: number;
  parentId?: string | null;
  position?: number;
  topic?: string | null;
  nsfw?: boolean;
  bitrate?: number;
  userLimit?: number;
  rateLimitPerUser?: number;
  rtcRegion?: string | null;
  overwrites?: OverwriteRecord[];
}

/** Text channel names are lower-case with dashes, as Discord normalises them. */
export function normaliseChannelName(type: number, name: string): string {
  if (type !== ChannelType.GuildText && type !== ChannelType.GuildAnnouncement) return name;
  return name.trim().toLowerCase().replace(/\s+/g, '-');
}

/** Creates a guild channel (CHANNEL_CREATE). */
export function createChannel(world: World, input: CreateChannelInput): ChannelRecord {
  const guild = world.store.guild(input.guildId);
  const siblings = world.store.guildChannels(guild.id);
  if (input.parentId) checkParent(world, guild.id, input.parentId, input.type);
  const channel: ChannelRecord = {
    id: world.store.ids.next(),
    type: input.type,
    guildId: guild.id,
    name: normaliseChannelName(input.type, input.name),
    position: input.position ?? siblings.reduce((max, c) => Math.max(max, c.position + 1), 0),
    parentId: input.parentId ?? null,
    topic: input.topic ?? null,
    nsfw: input.nsfw ?? false,
    bitrate: isVoiceChannel(input.type) ? (input.bitrate ?? 64_000) : 0,
    userLimit: isVoiceChannel(input.type) ? (input.userLimit ?? 0) : 0,
    rateLimitPerUser: input.rateLimitPerUser ?? 0,
    rtcRegion: input.rtcRegion ?? null,
    overwrites: input.overwrites ? [...input.overwrites] : [],
    lastMessageId: null,
    recipientIds: [],
    renameTimes: [],
  };
  world.store.channels.set(channel.id, channel);
  guild.channelIds.add(channel.id);
  dispatchChannel(world, 'CHANNEL_CREATE', channel);
  return channel;
}

function checkParent(world: World, guildId: string, parentId: string, type: number): void {
  const parent = world.store.channels.get(parentId);
  if (!parent || parent.guildId !== guildId || parent.type !== ChannelType.GuildCategory) {
    throw fieldError(['parent_id'], 'Category does not exist.', 'CHANNEL_PARENT_INVALID');
  }
  if (type === ChannelType.GuildCategory) {
    throw fieldError(['parent_id'], 'Categories cannot have subcategories.', 'CHANNEL_PARENT_INVALID');
  }
}

export interface UpdateChannelInput {
  name?: string;
  position?: number;
  parentId?: string | null;
  topic?: string | null;
  nsfw?: boolean;
  bitrate?: number;
  userLimit?: number;
  rateLimitPerUser?: number;
  rtcRegion?: string | null;
  overwrites?: OverwriteRecord[];
}

/**
 * Changes a channel (CHANNEL_UPDATE). Renames count against Discord's undocumented limit of about two per
 * ten minutes per channel, answered with a 429 whose retry_after runs to the end of the window.
 */
export function updateChannel(world: World, channelId: string, changes: UpdateChannelInput): ChannelRecord {
  const channel = world.store.channel(channelId);
  if (!channel.guildId) throw ApiErrors.missingPermissions();
  if (changes.parentId) checkParent(world, channel.guildId, changes.parentId, channel.type);
  if (changes.name !== undefined) {
    const name = normaliseChannelName(channel.type, changes.name);
    if (name !== channel.name) {
      checkRenameLimit(world, channel);
      channel.name = name;
    }
  }
  if (changes.parentId !== undefined) channel.parentId = changes.parentId;
  if (changes.position !== undefined) channel.position = changes.position;
  if (changes.topic !== undefined) channel.topic = changes.topic;
  if (changes.nsfw !== undefined) channel.nsfw = changes.nsfw;
  if (changes.bitrate !== undefined && isVoiceChannel(channel.type)) channel.bitrate = changes.bitrate;
  if (changes.userLimit !== undefined && isVoiceChannel(channel.type)) channel.userLimit = changes.userLimit;
  if (changes.rateLimitPerUser !== undefined) channel.rateLimitPerUser = changes.rateLimitPerUser;
  if (changes.rtcRegion !== undefined) channel.rtcRegion = changes.rtcRegion;
  if (changes.overwrites !== undefined) channel.overwrites = [...changes.overwrites];
  dispatchChannel(world, 'CHANNEL_UPDATE', channel);
  return channel;
}

function checkRenameLimit(world: World, channel: ChannelRecord): void {
  const limit = world.limits.channelRenames;
  if (!limit) return;
  const now = Date.now();
  channel.renameTimes = channel.renameTimes.filter((t) => now - t < limit.windowMs);
  if (channel.renameTimes.length >= limit.count) {
    const oldest = channel.renameTimes[0] ?? now;
    const retryAfter = Math.max(0.001, (oldest + limit.windowMs - now) / 1000);
    throw rateLimitedError(Number(retryAfter.toFixed(3)), { global: false, scope: 'shared' });
  }
  channel.renameTimes.push(now);
}

/** Deletes a channel (CHANNEL_DELETE): voice users are disconnected, children lose their category. */
export function deleteChannel(world: World, channelId: string): ChannelRecord {
  const channel = world.store.channel(channelId);
  if (!channel.guildId) throw ApiErrors.missingPermissions();
  const guild = world.store.guild(channel.guildId);
  for (const state of [...guild.voiceStates.values()]) {
    if (state.channelId === channel.id) disconnectVoice(world, guild.id, state.userId);
  }
  for (const child of world.store.guildChannels(guild.id)) {
    if (child.parentId === channel.id) {
      child.parentId = null;
      dispatchChannel(world, 'CHANNEL_UPDATE', child);
    }
  }
  for (const message of world.store.channelMessageList(channel.id)) world.store.removeMessage(message);
  world.store.channelMessages.delete(channel.id);
  world.store.channels.delete(channel.id);
  guild.channelIds.delete(channel.id);
  if (guild.systemChannelId === channel.id) guild.systemChannelId = null;
  dispatchChannel(world, 'CHANNEL_DELETE', channel);
  return channel;
}

/** Adds or replaces a permission overwrite (CHANNEL_UPDATE). */
export function setOverwrite(world: World, channelId: string, overwrite: OverwriteRecord): ChannelRecord {
  const channel = world.store.channel(channelId);
  if (!channel.guildId) throw ApiErrors.missingPermissions();
  if (overwrite.type === 0) world.store.role(channel.guildId, overwrite.id);
  else world.store.user(overwrite.id);
  channel.overwrites = [...channel.overwrites.filter((o) => o.id !== overwrite.id), overwrite];
  dispatchChannel(world, 'CHANNEL_UPDATE', channel);
  return channel;
}

/** Removes a permission overwrite (CHANNEL_UPDATE); a missing one is fine, as on Discord. */
export function deleteOverwrite(world: World, channelId: string, overwriteId: string): ChannelRecord {
  const channel = world.store.channel(channelId);
  if (!channel.guildId) throw ApiErrors.missingPermissions();
  channel.overwrites = channel.overwrites.filter((o) => o.id !== overwriteId);
  dispatchChannel(world, 'CHANNEL_UPDATE', channel);
  return channel;
}

/** The DM channel between two users, created on first use (Discord sends no event for it). */
export function openDm(world: World, userId: string, recipientId: string): ChannelRecord {
  world.store.user(recipientId);
  for (const channel of world.store.channels.values()) {
    if (
      channel.type === ChannelType.DM &&
      channel.recipientIds.includes(userId) &&
      channel.recipientIds.includes(recipientId)
    ) {
      return channel;
    }
  }
  const channel: ChannelRecord = {
    id: world.store.ids.next(),
    type: ChannelType.DM,
    guildId: null,
    name: null,
    position: 0,
    parentId: null,
    topic: null,
    nsfw: false,
    bitrate: 0,
    userLimit: 0,
    rateLimitPerUser: 0,
    rtcRegion: null,
    overwrites: [],
    lastMessageId: null,
    recipientIds: [userId, recipientId],
    renameTimes: [],
  };
  world.store.channels.set(channel.id, channel);
  return channel;
}

function dispatchChannel(world: World, t: string, channel: ChannelRecord): void {
  if (!channel.guildId) return;
  world.sink.dispatch({ t, d: serializeChannel(channel), guildId: channel.guildId, intent: Intent.GUILDS });
}
