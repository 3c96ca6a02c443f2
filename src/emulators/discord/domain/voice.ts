import { randomBytes } from 'node:crypto';
import { ApiErrors } from '../errors.ts';
import { Intent } from '../intents.ts';
import { hasPermissions, Permission } from '../permissions.ts';
import { serializeVoiceState } from '../state/serialize.ts';
import { ChannelType, type VoiceStateRecord } from '../state/types.ts';
import type { World } from './world.ts';

export interface VoiceJoinInput {
  guildId: string;
  channelId: string;
  userId: string;
  /** The gateway session id for bots; a random one for emulated users. */
  sessionId?: string;
  selfMute?: boolean;
  selfDeaf?: boolean;
}

/** Why a voice join was refused (Discord answers a refused op 4 with silence; the control API throws). */
export class VoiceJoinRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VoiceJoinRefused';
  }
}

/**
 * Checks that the user may join: the channel is a voice channel of the guild, the user can see and
 * connect to it, and it isn't full (MOVE_MEMBERS bypasses the limit, as on Discord).
 */
export function checkVoiceJoin(world: World, input: VoiceJoinInput): void {
  const guild = world.store.guild(input.guildId);
  const channel = world.store.channel(input.channelId);
  if (channel.guildId !== guild.id || !isVoiceChannel(channel.type)) {
    throw new VoiceJoinRefused(`channel ${input.channelId} is not a voice channel of guild ${guild.id}`);
  }
  if (!guild.members.has(input.userId))
    throw new VoiceJoinRefused(`user ${input.userId} is not in guild ${guild.id}`);
  const permissions = world.store.permissions(guild.id, input.userId, channel.id);
  if (!hasPermissions(permissions, Permission.VIEW_CHANNEL | Permission.CONNECT)) {
    throw new VoiceJoinRefused(`user ${input.userId} may not connect to channel ${channel.id}`);
  }
  const current = guild.voiceStates.get(input.userId);
  if (channel.userLimit > 0 && current?.channelId !== channel.id) {
    const inChannel = [...guild.voiceStates.values()].filter((v) => v.channelId === channel.id).length;
    if (inChannel >= channel.userLimit && !hasPermissions(permissions, Permission.MOVE_MEMBERS)) {
      throw new VoiceJoinRefused(`channel ${channel.id} is full (${channel.userLimit})`);
    }
  }
}

export function isVoiceChannel(type: number): boolean {
  return type === ChannelType.GuildVoice || type === ChannelType.GuildStageVoice;
}

/** Puts the user in a voice channel (join or move) and dispatches VOICE_STATE_UPDATE. */
export function setVoiceChannel(
  world: World,
  input: VoiceJoinInput,
): { state: VoiceStateRecord; moved: boolean } {
  const guild = world.store.guild(input.guildId);
  const previous = guild.voiceStates.get(input.userId);
  const state: VoiceStateRecord = {
    guildId: guild.id,
    channelId: input.channelId,
    userId: input.userId,
    sessionId: input.sessionId ?? previous?.sessionId ?? randomBytes(16).toString('hex'),
    deaf: false,
    mute: false,
    selfDeaf: input.selfDeaf ?? previous?.selfDeaf ?? false,
    selfMute: input.selfMute ?? previous?.selfMute ?? false,
    selfVideo: false,
    selfStream: false,
    suppress: false,
  };
  const member = guild.members.get(input.userId);
  if (member) {
    state.deaf = member.deaf;
    state.mute = member.mute;
  }
  guild.voiceStates.set(input.userId, state);
  dispatchVoiceState(world, state);
  const moved = previous !== undefined && previous.channelId !== state.channelId;
  if (moved && world.store.applicationByBotUser(input.userId))
    world.voice.move?.(guild.id, input.userId, state.channelId);
  return { state, moved };
}

/** Takes the user out of voice: VOICE_STATE_UPDATE with channel_id null; a bot's voice server lets go. */
export function disconnectVoice(world: World, guildId: string, userId: string): void {
  const guild = world.store.guild(guildId);
  const previous = guild.voiceStates.get(userId);
  guild.voiceStates.delete(userId);
  // Only bots hold a voice server allocation; emulated users have no voice connection.
  if (world.store.applicationByBotUser(userId)) world.voice.release(guildId, userId);
  const state = previous ?? {
    guildId,
    channelId: '',
    userId,
    sessionId: '',
    deaf: false,
    mute: false,
    selfDeaf: false,
    selfMute: false,
    selfVideo: false,
    selfStream: false,
    suppress: false,
  };
  dispatchVoiceState(world, state, true);
}

/** 400 / 40032 "Target user is not connected to voice." unless the user is in a voice channel. */
export function requireInVoice(world: World, guildId: string, userId: string): void {
  if (!world.store.guild(guildId).voiceStates.has(userId)) throw ApiErrors.notConnectedToVoice();
}

/**
 * Server mute / deafen (PATCH member `mute`, `deaf`): kept on the member, so a later join stays
 * muted, and applied to the current voice state with a VOICE_STATE_UPDATE when it changes it.
 */
export function setServerVoiceFlags(
  world: World,
  guildId: string,
  userId: string,
  flags: { mute?: boolean | undefined; deaf?: boolean | undefined },
): void {
  requireInVoice(world, guildId, userId);
  const guild = world.store.guild(guildId);
  const member = world.store.member(guildId, userId);
  const state = guild.voiceStates.get(userId) as VoiceStateRecord;
  if (flags.mute !== undefined) member.mute = flags.mute;
  if (flags.deaf !== undefined) member.deaf = flags.deaf;
  if (state.mute === member.mute && state.deaf === member.deaf) return;
  state.mute = member.mute;
  state.deaf = member.deaf;
  dispatchVoiceState(world, state);
}

function dispatchVoiceState(world: World, state: VoiceStateRecord, left = false): void {
  const payload = serializeVoiceState(world.store, state, { withGuildId: true, withMember: true });
  if (left) payload.channel_id = null;
  world.sink.dispatch({
    t: 'VOICE_STATE_UPDATE',
    d: payload,
    guildId: state.guildId,
    intent: Intent.GUILD_VOICE_STATES,
  });
}

/** The voice-relevant part of a gateway op 4 from a bot. */
export interface BotVoiceRequest {
  guildId: string;
  channelId: string | null;
  selfMute: boolean;
  selfDeaf: boolean;
}

/**
 * Handles a bot's op 4: joins, moves or leaves; unless it was a move, asks the voice port for a server and
 * sends VOICE_SERVER_UPDATE to the application. A refused join is ignored, as Discord does.
 */
export async function handleBotVoiceRequest(
  world: World,
  session: { sessionId: string; applicationId: string; botUserId: string },
  request: BotVoiceRequest,
): Promise<void> {
  const guild = world.store.guilds.get(request.guildId);
  if (!guild?.members.has(session.botUserId)) return;
  if (request.channelId === null) {
    disconnectVoice(world, guild.id, session.botUserId);
    return;
  }
  const join: VoiceJoinInput = {
    guildId: guild.id,
    channelId: request.channelId,
    userId: session.botUserId,
    sessionId: session.sessionId,
    selfMute: request.selfMute,
    selfDeaf: request.selfDeaf,
  };
  try {
    checkVoiceJoin(world, join);
  } catch (error) {
    world.logger.debug({ err: error, guildId: guild.id }, 'discord emulator: ignored voice join');
    return;
  }
  // A move within the guild keeps the voice server; a new join, or asking again for the same channel
  // (how @discordjs/voice rejoins after a voice socket failure), gets a fresh VOICE_SERVER_UPDATE.
  const { moved } = setVoiceChannel(world, join);
  if (moved) return;
  const canSpeak = hasPermissions(
    world.store.permissions(guild.id, session.botUserId, request.channelId),
    Permission.SPEAK,
  );
  const allocation = await world.voice.allocate({
    guildId: guild.id,
    channelId: request.channelId,
    userId: session.botUserId,
    sessionId: session.sessionId,
    canSpeak,
  });
  world.sink.dispatch({
    t: 'VOICE_SERVER_UPDATE',
    d: { token: allocation.token, guild_id: guild.id, endpoint: allocation.endpoint },
    guildId: guild.id,
    applicationId: session.applicationId,
  });
}

/**
 * When a bot's gateway session ends, Discord drops the voice connections that session opened: their
 * voice states carry its session id.
 */
export function disconnectSessionVoice(
  world: World,
  session: { sessionId: string; botUserId: string },
): void {
  for (const guild of world.store.guilds.values()) {
    if (guild.voiceStates.get(session.botUserId)?.sessionId === session.sessionId) {
      disconnectVoice(world, guild.id, session.botUserId);
    }
  }
}
