import { analyticsCapability } from '../analytics/index.ts';
import type { AnyCapability } from '../capability/index.ts';
import { historyCapability } from '../history/index.ts';
import { musicCapability } from '../music/index.ts';
import { playlistsCapability } from '../playlists/index.ts';
import { settingsCapability } from '../settings/index.ts';

/**
 * Every capability Gramophone runs: adding one is its folder and one line here
 * (docs/architecture.md "How to add a capability"). The roles start them after the ones they
 * need; the list order is otherwise kept (slash commands register in it).
 */
export const capabilities: readonly AnyCapability[] = [
  settingsCapability,
  musicCapability,
  playlistsCapability,
  analyticsCapability,
  historyCapability,
];
