import type * as Kit from '../../interactions/index.ts';
import type { LyricsProvider } from '../../lyrics/index.ts';
import type { FinishedPlay } from '../guild-session.ts';
import type { MusicService } from '../music-service.ts';
import type { PlayHistory } from '../play-history.ts';
import type { PlaySuggestions } from './play-suggestions.ts';

/**
 * What the music capability's gateway part starts and hands its commands — and the
 * capabilities that name music in `needs` (playlists load into the queue, analytics counts
 * the plays).
 */
export interface MusicServices {
  music: MusicService;
  /** The guild's past plays (`play_events`), for /history. */
  history: PlayHistory;
  /** Looks lyrics up (LRCLIB by default); null with LYRICS_PROVIDER=none, and /lyrics then says so. */
  lyrics: LyricsProvider | null;
  /** /play's autocomplete: recent plays, then search results. */
  suggestions: PlaySuggestions;
  /** Called with every play that ended; a listener's failure is logged, not retried. */
  onPlayEnded(listener: (play: FinishedPlay) => Promise<void>): void;
}

/** The music handlers' view of the interaction toolkit's types. */
export type MusicGatewayServices = Kit.CoreServices & MusicServices;
export type SlashCommand = Kit.SlashCommand<MusicServices>;
export type ComponentHandler = Kit.ComponentHandler<MusicServices>;
export type CommandContext = Kit.CommandContext<MusicServices>;
export type ComponentContext = Kit.ComponentContext<MusicServices>;
export type GuildInteractionContext = Kit.GuildInteractionContext<MusicServices>;
