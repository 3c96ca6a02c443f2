import type { Bus } from '../../bus/index.ts';
import { BusCommandError } from '../../bus/index.ts';
import { GATEWAY_ADDRESS } from '../../gateway/contract.ts';
import { ApiError } from '../../http/index.ts';
import { translator } from '../../i18n/index.ts';
import type { MusicOperationReply } from '../../music/index.ts';
import {
  apiErrorOfMusicFailure,
  MUSIC_PLAYLIST_COMMAND,
  type MusicPlaylistRequest,
  musicOperationReplySchema,
} from '../../music/index.ts';
import type { PanelPlaylist } from '../contract.ts';
import type { PlaylistSummary } from '../playlist-repository.ts';
import type { PlaylistService } from '../playlist-service.ts';

const english = translator('en');

/**
 * Playlists for the panel's music page. Listing reads the database (playlists are the
 * users', kept there); playing one asks the gateway over the bus, which loads it the way
 * `/playlist load` does, as the logged-in user and under the same rules.
 */
export class PanelPlaylists {
  constructor(
    private readonly playlists: PlaylistService,
    private readonly bus: Bus,
    /** Loading up to 500 tracks into the queue, as an `add`. */
    private readonly timeoutMs = 15_000,
  ) {}

  /** The caller's playlists, then those others share with the guild, with track counts. */
  async list(userId: string, guildId: string): Promise<PanelPlaylist[]> {
    const summaries = await this.playlists.list(userId, guildId);
    return summaries.map((summary) => panelPlaylist(summary, userId, guildId));
  }

  /** Appends the playlist's tracks to the queue (after the current track with `next`). */
  async play(
    guildId: string,
    userId: string,
    playlistId: number,
    options: { next?: boolean | undefined; voiceChannelId?: string | undefined } = {},
  ): Promise<MusicOperationReply> {
    const request: MusicPlaylistRequest = {
      guildId,
      userId,
      playlistId,
      ...(options.next === undefined ? {} : { next: options.next }),
      ...(options.voiceChannelId === undefined ? {} : { voiceChannelId: options.voiceChannelId }),
    };
    let reply: unknown;
    try {
      reply = await this.bus.request(GATEWAY_ADDRESS, MUSIC_PLAYLIST_COMMAND, request, {
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      throw playlistRefusal(error) ?? apiErrorOfMusicFailure(error);
    }
    const parsed = musicOperationReplySchema.safeParse(reply);
    if (!parsed.success) {
      throw new Error(
        `the gateway's ${MUSIC_PLAYLIST_COMMAND} reply breaks the bus contract: ${parsed.error.message}`,
      );
    }
    return parsed.data;
  }
}

function panelPlaylist(summary: PlaylistSummary, userId: string, guildId: string): PanelPlaylist {
  return {
    id: summary.id,
    name: summary.name,
    trackCount: summary.trackCount,
    ownerId: summary.ownerId,
    own: summary.ownerId === userId,
    shared: summary.sharedGuildId === guildId,
    updatedAt: summary.updatedAt.toISOString(),
  };
}

/** The gateway's playlist refusals; the music ones (voice, caps) are `apiErrorOfMusicFailure`'s. */
function playlistRefusal(error: unknown): ApiError | null {
  if (!(error instanceof BusCommandError)) return null;
  if (error.code === 'PLAYLIST_NOT_FOUND') {
    return new ApiError(
      404,
      'PLAYLIST_NOT_FOUND',
      'There is no such playlist of yours, nor one shared with this server.',
    );
  }
  if (error.code === 'PLAYLIST_EMPTY') {
    const details = (error.details ?? {}) as { name?: unknown };
    const params = { name: typeof details.name === 'string' ? details.name : '' };
    return new ApiError(409, 'PLAYLIST_EMPTY', english('error.PLAYLIST_EMPTY', params), params);
  }
  return null;
}
