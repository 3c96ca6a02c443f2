import type { ComponentHandler, SlashCommand } from '../interactions/command-types.ts';
import { nowPlayingButtons } from '../now-playing/now-playing-buttons.ts';
import { autoplayCommand } from './autoplay.ts';
import { filtersCommand } from './filters.ts';
import { grabCommand } from './grab.ts';
import { historyCommand, historyPageHandler } from './history.ts';
import { loopCommand } from './loop.ts';
import { lyricsCommand } from './lyrics.ts';
import { moveCommand } from './move.ts';
import { nowPlayingCommand } from './now-playing.ts';
import { pickHandler, playCommand } from './play.ts';
import { playlistCommand } from './playlist.ts';
import { queueCommand, queuePageHandler } from './queue.ts';
import { removeCommand } from './remove.ts';
import { seekCommand } from './seek.ts';
import { settingsCommand } from './settings.ts';
import {
  backCommand,
  clearCommand,
  joinCommand,
  leaveCommand,
  pauseCommand,
  replayCommand,
  resumeCommand,
  shuffleCommand,
  stopCommand,
} from './simple-controls.ts';
import { skipCommand } from './skip.ts';
import { stayConnectedCommand } from './stay-connected.ts';
import { volumeCommand } from './volume.ts';

/** Every slash command the bot registers. */
export const slashCommands: readonly SlashCommand[] = [
  playCommand,
  pauseCommand,
  resumeCommand,
  skipCommand,
  backCommand,
  stopCommand,
  seekCommand,
  queueCommand,
  removeCommand,
  moveCommand,
  clearCommand,
  shuffleCommand,
  loopCommand,
  volumeCommand,
  filtersCommand,
  replayCommand,
  joinCommand,
  leaveCommand,
  playlistCommand,
  nowPlayingCommand,
  historyCommand,
  grabCommand,
  lyricsCommand,
  autoplayCommand,
  stayConnectedCommand,
  settingsCommand,
];

/** Buttons and menus the commands' messages carry. */
export const componentHandlers: readonly ComponentHandler[] = [
  pickHandler,
  queuePageHandler,
  nowPlayingButtons,
  historyPageHandler,
];
