import type { ButtonInteraction } from 'discord.js';
import { answerPrivately, withinAck } from '../../../interactions/index.ts';
import type { QueueOperation, QueueSnapshot } from '../../contract.ts';
import { type LoopMode, loopModes } from '../../player-options.ts';
import type { ComponentHandler } from '../handler-types.ts';
import { NOW_PLAYING_PREFIX, type NowPlayingAction, nowPlayingActions } from './now-playing-view.ts';

/** off → track → queue → off */
export function nextLoopMode(mode: LoopMode): LoopMode {
  return loopModes[(loopModes.indexOf(mode) + 1) % loopModes.length] as LoopMode;
}

/** The queue operation a button stands for, given the player as it is now. */
export function buttonOperation(action: NowPlayingAction, snapshot: QueueSnapshot): QueueOperation {
  switch (action) {
    case 'toggle':
      return { type: snapshot.paused ? 'resume' : 'pause' };
    case 'skip':
      return { type: 'skip' };
    case 'stop':
      return { type: 'stop' };
    case 'loop':
      return { type: 'loop', mode: nextLoopMode(snapshot.loop) };
    case 'shuffle':
      return { type: 'shuffle' };
  }
}

/**
 * The now-playing message's buttons: the same MusicService operations, with the same checks,
 * as the slash commands. The button only acknowledges; the message itself is redrawn by the
 * publisher like after any other change, so every edit goes through one rate policy. A
 * refusal or a skip vote is told to the clicker alone.
 */
export const nowPlayingButtons: ComponentHandler = {
  prefix: NOW_PLAYING_PREFIX,
  async handle({ interaction, argument, services, guildId, actor, t }) {
    const button = interaction as ButtonInteraction;
    const action = nowPlayingActions.find((candidate) => candidate === argument);
    if (!action) throw new Error(`unknown now-playing button ${argument}`);
    // Acknowledged before the queue is read: under load even that read may outlast Discord's 3 s.
    const { outcome } = await withinAck(button, async () => {
      const operation = buttonOperation(action, await services.music.snapshot(guildId));
      return services.music.execute(guildId, actor, operation, button.channelId);
    });
    if (outcome.kind === 'voted') {
      await answerPrivately(button, t('skip.voted', { votes: outcome.votes, needed: outcome.needed }));
    } else if (!button.deferred && !button.replied) {
      await button.deferUpdate();
    }
  },
};
