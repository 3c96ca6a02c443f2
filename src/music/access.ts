import type { Actor } from '../interactions/index.ts';
import { MusicError } from './music-error.ts';

export type { Actor };

export interface AccessContext {
  actor: Actor;
  djRoleId: string | null;
  /** The player's voice channel, null when the bot is not in one. */
  playerChannelId: string | null;
  /** Users (not bots) in the player's channel. */
  listenerIds: readonly string[];
}

/**
 * DJ rights: managing the guild, holding the DJ role, or — when no DJ role is set — anyone.
 * Someone alone with the bot is DJ as well: there is nobody whose music they could spoil.
 */
export function isDj({ actor, djRoleId, playerChannelId, listenerIds }: AccessContext): boolean {
  if (actor.canManageGuild || djRoleId === null || actor.roleIds.includes(djRoleId)) return true;
  return (
    playerChannelId !== null &&
    actor.voiceChannelId === playerChannelId &&
    listenerIds.length === 1 &&
    listenerIds[0] === actor.userId
  );
}

/** The player is controlled from inside its channel (guild managers may do it from the panel). */
export function requireSameChannel({ actor, playerChannelId }: AccessContext): void {
  if (actor.canManageGuild && playerChannelId !== null) return;
  if (!actor.voiceChannelId) throw new MusicError('NOT_IN_VOICE');
  if (playerChannelId !== null && actor.voiceChannelId !== playerChannelId) {
    throw new MusicError('NOT_SAME_VOICE', { channelId: playerChannelId });
  }
}

export function requireDj(context: AccessContext): void {
  if (!isDj(context)) throw new MusicError('DJ_ONLY');
}

/** Votes needed to skip: the ratio of the listeners, at least one. */
export function votesNeeded(listenerCount: number, ratio: number): number {
  return Math.max(1, Math.ceil(listenerCount * ratio));
}
