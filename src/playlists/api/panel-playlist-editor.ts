import { eq } from 'drizzle-orm';
import type { Database, Db } from '../../db/index.ts';
import { ApiError } from '../../http/index.ts';
import { translator } from '../../i18n/index.ts';
import type { PanelPlaylistDetail } from '../contract.ts';
import { isPlaylistError, PlaylistError, type PlaylistErrorCode } from '../playlist-error.ts';
import { type PlaylistRecord, PlaylistRepository } from '../playlist-repository.ts';
import {
  MAX_PLAYLISTS_PER_USER,
  type PlaylistTrack,
  playlistName,
  snowflakeSchema,
} from '../playlist-rules.ts';
import { playlistTracks } from '../schema.ts';

const english = translator('en');

/** Who edits on the panel: a member who manages the server (the guild guard checked it). */
export interface PlaylistEditor {
  userId: string;
  guildId: string;
}

const refusalStatus: Record<PlaylistErrorCode, number> = {
  PLAYLIST_NOT_FOUND: 404,
  PLAYLIST_EXISTS: 409,
  PLAYLIST_EMPTY: 409,
  PLAYLIST_FULL: 409,
  PLAYLIST_LIMIT: 409,
  PLAYLIST_BAD_NAME: 400,
  PLAYLIST_BAD_POSITION: 400,
  QUEUE_EMPTY: 409,
};

/**
 * The panel's playlist editing: create, rename, share, reorder and remove tracks, delete.
 * A playlist is editable by its owner and, when it is shared with this server, by the server's
 * managers (who are the panel's users); sharing it or not stays the owner's choice. The rules
 * are /playlist's (names unique per owner, the per-user cap, dense positions). Refusals are
 * API errors with the playlist code and the bot's English message.
 */
export class PanelPlaylistEditor {
  constructor(private readonly database: Pick<Database, 'db'>) {}

  /** The playlist with its tracks, when the editor may see it. */
  async detail(editor: PlaylistEditor, id: number): Promise<PanelPlaylistDetail> {
    return refusalsAsApiErrors(async () => {
      const repository = new PlaylistRepository(this.database.db);
      const playlist = await this.#editable(repository, editor, id);
      return detailOf(playlist, await repository.tracks(playlist.id), editor);
    });
  }

  /** A new, empty playlist of the editor's, shared with this server when `shared`. */
  async create(editor: PlaylistEditor, name: string, shared: boolean): Promise<PanelPlaylistDetail> {
    return refusalsAsApiErrors(() =>
      this.database.db.transaction(async (tx) => {
        const repository = new PlaylistRepository(tx);
        const wanted = playlistName(name);
        const owner = snowflakeSchema.parse(editor.userId);
        await repository.lockOwner(owner);
        if (await repository.nameTaken(owner, wanted))
          throw new PlaylistError('PLAYLIST_EXISTS', { name: wanted });
        if ((await repository.countOwned(owner)) >= MAX_PLAYLISTS_PER_USER)
          throw new PlaylistError('PLAYLIST_LIMIT', { max: MAX_PLAYLISTS_PER_USER });
        const created = await repository.insert({
          ownerId: owner,
          name: wanted,
          sharedGuildId: shared ? editor.guildId : null,
        });
        return detailOf(created, [], editor);
      }),
    );
  }

  /** Renames (unique among the owner's playlists) and, for the owner, shares or stops sharing. */
  async update(
    editor: PlaylistEditor,
    id: number,
    changes: { name?: string | undefined; shared?: boolean | undefined },
  ): Promise<PanelPlaylistDetail> {
    return this.#write(editor, id, async (repository, playlist) => {
      const update: { name?: string; sharedGuildId?: string | null } = {};
      if (changes.name !== undefined) {
        const to = playlistName(changes.name);
        await repository.lockOwner(playlist.ownerId);
        if (await repository.nameTaken(playlist.ownerId, to, playlist.id))
          throw new PlaylistError('PLAYLIST_EXISTS', { name: to });
        update.name = to;
      }
      if (changes.shared !== undefined) {
        if (playlist.ownerId !== editor.userId) throw new ApiError(403, 'NOT_OWNER', notOwner);
        update.sharedGuildId = changes.shared ? editor.guildId : null;
      }
      return repository.update(playlist.id, update);
    });
  }

  /** Moves the track at `from` to `to` (both 1-based, as users count). */
  async moveTrack(
    editor: PlaylistEditor,
    id: number,
    from: number,
    to: number,
  ): Promise<PanelPlaylistDetail> {
    return this.#write(editor, id, async (repository, playlist, db) => {
      const tracks = await repository.tracks(playlist.id);
      for (const position of [from, to]) {
        if (position < 1 || position > tracks.length)
          throw new PlaylistError('PLAYLIST_BAD_POSITION', { name: playlist.name, max: tracks.length });
      }
      const reordered = [...tracks];
      const [moving] = reordered.splice(from - 1, 1);
      if (moving) reordered.splice(to - 1, 0, moving);
      // Rewritten whole: at most 500 rows, and positions stay dense without juggling keys.
      await db.delete(playlistTracks).where(eq(playlistTracks.playlistId, playlist.id));
      await repository.appendTracks(playlist.id, 0, reordered);
      return repository.update(playlist.id, {});
    });
  }

  /** Removes the track at `position` (1-based); later tracks move up. */
  async removeTrack(editor: PlaylistEditor, id: number, position: number): Promise<PanelPlaylistDetail> {
    return this.#write(editor, id, async (repository, playlist) => {
      const count = await repository.trackCount(playlist.id);
      const removed =
        position >= 1 && position <= count ? await repository.removeTrackAt(playlist.id, position - 1) : null;
      if (!removed) throw new PlaylistError('PLAYLIST_BAD_POSITION', { name: playlist.name, max: count });
      return repository.update(playlist.id, {});
    });
  }

  /** Deletes the playlist (its owner only). */
  async delete(editor: PlaylistEditor, id: number): Promise<PlaylistRecord> {
    return refusalsAsApiErrors(() =>
      this.database.db.transaction(async (tx) => {
        const repository = new PlaylistRepository(tx);
        const playlist = await this.#editable(repository, editor, id);
        if (playlist.ownerId !== editor.userId) throw new ApiError(403, 'NOT_OWNER', notOwner);
        await repository.delete(playlist.id);
        return playlist;
      }),
    );
  }

  /** One write in a transaction, answered with the playlist as it is afterwards. */
  #write(
    editor: PlaylistEditor,
    id: number,
    change: (repository: PlaylistRepository, playlist: PlaylistRecord, db: Db) => Promise<PlaylistRecord>,
  ): Promise<PanelPlaylistDetail> {
    return refusalsAsApiErrors(() =>
      this.database.db.transaction(async (tx) => {
        const repository = new PlaylistRepository(tx);
        const playlist = await this.#editable(repository, editor, id);
        const updated = await change(repository, playlist, tx);
        return detailOf(updated, await repository.tracks(updated.id), editor);
      }),
    );
  }

  /** The editor's own playlist, or one shared with this server; else PLAYLIST_NOT_FOUND. */
  async #editable(
    repository: PlaylistRepository,
    editor: PlaylistEditor,
    id: number,
  ): Promise<PlaylistRecord> {
    const playlist = Number.isSafeInteger(id)
      ? await repository.visibleById(editor.userId, editor.guildId, id)
      : null;
    if (!playlist) throw new PlaylistError('PLAYLIST_NOT_FOUND', { name: `#${id}` });
    return playlist;
  }
}

const notOwner = 'Only the playlist’s owner may share it, stop sharing it or delete it.';

function detailOf(
  playlist: PlaylistRecord,
  tracks: readonly PlaylistTrack[],
  editor: PlaylistEditor,
): PanelPlaylistDetail {
  return {
    id: playlist.id,
    name: playlist.name,
    trackCount: tracks.length,
    ownerId: playlist.ownerId,
    own: playlist.ownerId === editor.userId,
    shared: playlist.sharedGuildId === editor.guildId,
    updatedAt: playlist.updatedAt.toISOString(),
    tracks: tracks.map(({ info }) => ({
      title: info.title,
      author: info.author,
      length: info.length,
      isStream: info.isStream,
      uri: info.uri ?? null,
    })),
  };
}

async function refusalsAsApiErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isPlaylistError(error)) {
      throw new ApiError(
        refusalStatus[error.code],
        error.code,
        english(`error.${error.code}`, error.params),
        error.params,
      );
    }
    throw error;
  }
}
