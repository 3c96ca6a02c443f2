import { type Client, Events, type VoiceState } from 'discord.js';
import type { Logger } from '../../logging/index.ts';
import type { FinishedPlay } from '../../music/index.ts';
import type { ListenInput } from '../listen-input.ts';
import type { VoiceListens } from '../voice-listens.ts';
import type { VoicePresence } from '../voice-presence.ts';

/** Told of the voice listens stored for a play (the scrobblers hook here). */
export type VoiceListensListener = (listens: ListenInput[]) => Promise<void> | void;

/** Where a voice state can hear: its channel, unless deafened (the bot deafens itself: it only plays). */
function hearingChannel(state: VoiceState): string | null {
  if (state.id === state.client.user.id) return state.channelId;
  if (!state.channelId || state.selfDeaf || state.serverDeaf) return null;
  return state.channelId;
}

/**
 * Feeds `VoicePresence` from the gateway's voice states (those already there at start, then
 * every update) and records each ended play's voice listens. Returns the stop function.
 */
export function startVoiceHistory(options: {
  client: Client;
  presence: VoicePresence;
  voiceListens: VoiceListens;
  onPlayEnded(listener: (play: FinishedPlay) => Promise<void>): void;
  listeners: VoiceListensListener[];
  logger: Logger;
}): () => void {
  const { client, presence, voiceListens, logger } = options;
  for (const guild of client.guilds.cache.values()) {
    for (const state of guild.voiceStates.cache.values()) {
      presence.update(guild.id, state.id, hearingChannel(state));
    }
  }
  const onVoiceState = (_old: VoiceState, state: VoiceState) => {
    presence.update(state.guild.id, state.id, hearingChannel(state));
  };
  client.on(Events.VoiceStateUpdate, onVoiceState);
  options.onPlayEnded(async (play) => {
    try {
      const { listens, result } = await voiceListens.record(play);
      if (listens.length === 0) return;
      logger.info({ guildId: play.guildId, ...result }, 'voice play archived as listens');
      for (const listener of options.listeners) await listener(listens);
    } catch (error) {
      logger.error({ err: error, guildId: play.guildId }, 'failed to archive a voice play as listens');
    }
  });
  return () => {
    client.off(Events.VoiceStateUpdate, onVoiceState);
  };
}
