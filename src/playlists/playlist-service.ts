import { z } from 'zod';
import type { Database } from '../db/index.ts';
import type { QueueSnapshot } from '../music/index.ts';
import { PlaylistError } from './playlist-error.ts';
import { type PlaylistRecord, PlaylistRepository, type PlaylistSummary } from './playlist-repository.ts';
import {
  MAX_PLAYLISTS_PER_USER,
  MAX_TRACKS_PER_PLAYLIST,
  type PlaylistTrack,
  playlistName,
  playlistTrackSchema,
  snowflakeSchema,
} from './playlist-rules.ts';

/** A playlist with its tracks, in order. */
export interface Playlist extends PlaylistSummary {
  tracks: PlaylistTrack[];
}

/** What adding tracks did: those added, and how many did not fit under the cap. */
export interface TracksAdded {
  playlist: PlaylistSummary;
  added: PlaylistTrack[];
  leftOut: number;
}

const tracksSchema = z.array(playlistTrackSchema);

/**
 * Users' playlists, with their rules: names (1–50 characters, unique per owner whatever the
 * case), at most MAX_PLAYLISTS_PER_USER per user and MAX_TRACKS_PER_PLAYLIST tracks each,
 * positions kept dense. Only the owner changes a playlist; members of the guild it is
 * shared with may read (list, load) it. Expected refusals are PlaylistErrors.
 */
export class PlaylistService {
  private readonly repository: PlaylistRepository;

  constructor(database: Pick<Database, 'db'>) {
    this.repository = new PlaylistRepository(database.db);
  }

  /** A new, empty playlist; shared with `sharedGuildId` when given. */
  async create(
    ownerId: string,
    rawName: string,
    sharedGuildId: string | null = null,
  ): Promise<PlaylistSummary> {
    const name = playlistName(rawName);
    const owner = snowflakeSchema.parse(ownerId);
    const guild = sharedGuildId === null ? null : snowflakeSchema.parse(sharedGuildId);
    return this.repository.transaction(async (repository) => {
      const created = await this.insertChecked(repository, owner, name, guild);
      return { ...created, trackCount: 0 };
    });
  }

  /** Appends tracks up to the cap; the rest are counted in `leftOut`. */
  async addTracks(ownerId: string, name: string, tracks: readonly PlaylistTrack[]): Promise<TracksAdded> {
    const valid = tracksSchema.parse(tracks);
    return this.repository.transaction(async (repository) => {
      const playlist = await this.ownLocked(repository, ownerId, name);
      const count = await repository.trackCount(playlist.id);
      const room = MAX_TRACKS_PER_PLAYLIST - count;
      if (room <= 0)
        throw new PlaylistError('PLAYLIST_FULL', { name: playlist.name, max: MAX_TRACKS_PER_PLAYLIST });
      const added = valid.slice(0, room);
      await repository.appendTracks(playlist.id, count, added);
      const updated = await repository.update(playlist.id, {});
      return {
        playlist: { ...updated, trackCount: count + added.length },
        added,
        leftOut: valid.length - added.length,
      };
    });
  }

  /** Removes the track at `position` (1-based, as users count); later tracks move up. */
  async removeTrack(
    ownerId: string,
    name: string,
    position: number,
  ): Promise<{ playlist: PlaylistSummary; removed: PlaylistTrack }> {
    return this.repository.transaction(async (repository) => {
      const playlist = await this.ownLocked(repository, ownerId, name);
      const count = await repository.trackCount(playlist.id);
      if (count === 0) throw new PlaylistError('PLAYLIST_EMPTY', { name: playlist.name });
      const outOfRange = () =>
        new PlaylistError('PLAYLIST_BAD_POSITION', { name: playlist.name, max: count });
      if (!Number.isInteger(position) || position < 1 || position > count) throw outOfRange();
      const removed = await repository.removeTrackAt(playlist.id, position - 1);
      if (!removed) throw outOfRange();
      const updated = await repository.update(playlist.id, {});
      return { playlist: { ...updated, trackCount: count - 1 }, removed };
    });
  }

  /** The user's playlists, then those others share with the guild, each with its track count. */
  async list(userId: string, guildId: string): Promise<PlaylistSummary[]> {
    return this.repository.summaries(snowflakeSchema.parse(userId), snowflakeSchema.parse(guildId));
  }

  /** By name: the user's own first, else the oldest one another member shares with the guild. */
  async get(userId: string, guildId: string, name: string): Promise<Playlist> {
    const wanted = playlistName(name);
    const user = snowflakeSchema.parse(userId);
    const guild = snowflakeSchema.parse(guildId);
    const playlist =
      (await this.repository.ownByName(user, wanted)) ??
      (await this.repository.sharedByName(guild, wanted, user));
    if (!playlist) throw new PlaylistError('PLAYLIST_NOT_FOUND', { name: wanted });
    const tracks = await this.repository.tracks(playlist.id);
    return { ...playlist, trackCount: tracks.length, tracks };
  }

  /** As `get`, for loading into a queue: an empty playlist is refused (PLAYLIST_EMPTY). */
  async tracksToPlay(userId: string, guildId: string, name: string): Promise<Playlist> {
    const playlist = await this.get(userId, guildId, name);
    if (playlist.tracks.length === 0) throw new PlaylistError('PLAYLIST_EMPTY', { name: playlist.name });
    return playlist;
  }

  /**
   * As `tracksToPlay`, by id (the panel lists ids, and a name may be both the user's and one
   * shared with the guild): the user's own or one shared with the guild, else PLAYLIST_NOT_FOUND.
   */
  async tracksToPlayById(userId: string, guildId: string, id: number): Promise<Playlist> {
    const playlist = Number.isSafeInteger(id)
      ? await this.repository.visibleById(snowflakeSchema.parse(userId), snowflakeSchema.parse(guildId), id)
      : null;
    if (!playlist) throw new PlaylistError('PLAYLIST_NOT_FOUND', { name: `#${id}` });
    const tracks = await this.repository.tracks(playlist.id);
    if (tracks.length === 0) throw new PlaylistError('PLAYLIST_EMPTY', { name: playlist.name });
    return { ...playlist, trackCount: tracks.length, tracks };
  }

  /** By id, with its tracks (empty or not): the user's own or one shared with the guild. */
  async getById(userId: string, guildId: string, id: number): Promise<Playlist> {
    const playlist = Number.isSafeInteger(id)
      ? await this.repository.visibleById(snowflakeSchema.parse(userId), snowflakeSchema.parse(guildId), id)
      : null;
    if (!playlist) throw new PlaylistError('PLAYLIST_NOT_FOUND', { name: `#${id}` });
    const tracks = await this.repository.tracks(playlist.id);
    return { ...playlist, trackCount: tracks.length, tracks };
  }

  async delete(ownerId: string, name: string): Promise<PlaylistRecord> {
    return this.repository.transaction(async (repository) => {
      const playlist = await this.ownLocked(repository, ownerId, name);
      await repository.delete(playlist.id);
      return playlist;
    });
  }

  async rename(
    ownerId: string,
    name: string,
    newName: string,
  ): Promise<{ from: string; playlist: PlaylistRecord }> {
    const to = playlistName(newName);
    return this.repository.transaction(async (repository) => {
      await repository.lockOwner(ownerId);
      const playlist = await this.ownLocked(repository, ownerId, name);
      if (await repository.nameTaken(ownerId, to, playlist.id))
        throw new PlaylistError('PLAYLIST_EXISTS', { name: to });
      return { from: playlist.name, playlist: await repository.update(playlist.id, { name: to }) };
    });
  }

  /** Shares the playlist with one guild (a playlist is shared with one at most), or stops sharing it. */
  async setShared(ownerId: string, name: string, guildId: string | null): Promise<PlaylistRecord> {
    const guild = guildId === null ? null : snowflakeSchema.parse(guildId);
    return this.repository.transaction(async (repository) => {
      const playlist = await this.ownLocked(repository, ownerId, name);
      return repository.update(playlist.id, { sharedGuildId: guild });
    });
  }

  /**
   * A new playlist from a queue: the current track, then the upcoming ones, up to the cap.
   * Played tracks are not included.
   */
  async saveQueue(
    ownerId: string,
    rawName: string,
    queue: Pick<QueueSnapshot, 'current' | 'upcoming'>,
  ): Promise<TracksAdded> {
    const name = playlistName(rawName);
    const owner = snowflakeSchema.parse(ownerId);
    const queued = [...(queue.current ? [queue.current] : []), ...queue.upcoming];
    if (queued.length === 0) throw new PlaylistError('QUEUE_EMPTY');
    const tracks = tracksSchema.parse(queued.map(({ encoded, info }) => ({ encoded, info })));
    const kept = tracks.slice(0, MAX_TRACKS_PER_PLAYLIST);
    return this.repository.transaction(async (repository) => {
      const created = await this.insertChecked(repository, owner, name, null);
      await repository.appendTracks(created.id, 0, kept);
      return {
        playlist: { ...created, trackCount: kept.length },
        added: kept,
        leftOut: tracks.length - kept.length,
      };
    });
  }

  /** Inserts after checking the name and the owner's cap, holding the owner's lock. */
  private async insertChecked(
    repository: PlaylistRepository,
    ownerId: string,
    name: string,
    sharedGuildId: string | null,
  ): Promise<PlaylistRecord> {
    await repository.lockOwner(ownerId);
    if (await repository.nameTaken(ownerId, name)) throw new PlaylistError('PLAYLIST_EXISTS', { name });
    if ((await repository.countOwned(ownerId)) >= MAX_PLAYLISTS_PER_USER) {
      throw new PlaylistError('PLAYLIST_LIMIT', { max: MAX_PLAYLISTS_PER_USER });
    }
    return repository.insert({ ownerId, name, sharedGuildId });
  }

  /** The owner's playlist, row-locked for the transaction, or PLAYLIST_NOT_FOUND. */
  private async ownLocked(
    repository: PlaylistRepository,
    ownerId: string,
    name: string,
  ): Promise<PlaylistRecord> {
    const wanted = playlistName(name);
    const playlist = await repository.ownByName(snowflakeSchema.parse(ownerId), wanted, { forUpdate: true });
    if (!playlist) throw new PlaylistError('PLAYLIST_NOT_FOUND', { name: wanted });
    return playlist;
  }
}
