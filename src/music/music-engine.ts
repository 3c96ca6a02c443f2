import type { LavalinkManager, Player } from 'lavalink-client';
import type { Logger } from '../logging/index.ts';
import type { GuildSettings } from '../settings/index.ts';
import type { QueuedTrack, QueueSnapshot } from './contract.ts';
import { applyFilterPreset, isFilterPreset } from './filter-presets.ts';
import { emptyRecord, type FinishedPlay, GuildSession, type PlayEndReason } from './guild-session.ts';
import { MusicError } from './music-error.ts';
import type { FilterPreset } from './player-options.ts';
import type { PlayerStore } from './player-store.ts';
import { currentTrack, indexAfterFinish, indexAfterSkip, playIndex } from './queue-model.ts';
import { snapshotOf } from './snapshot.ts';

/** What the engine needs to know about Discord voice. */
export interface VoiceDirectory {
  /** Users (not bots) in a voice channel. */
  listeners(guildId: string, channelId: string): string[];
}

export interface MusicEngineOptions {
  lavalink: LavalinkManager;
  store: PlayerStore;
  settings: (guildId: string) => Promise<GuildSettings>;
  voice: VoiceDirectory;
  logger: Logger;
  /** A play ended (recorded for analytics and history). */
  onPlayEnded?: (play: FinishedPlay) => Promise<void> | void;
  /** The queue or player changed; `cause` names the operation. */
  onChange?: (snapshot: QueueSnapshot, cause: string) => void;
  /** The queue ran out; may add tracks (autoplay) and return true to carry on. */
  onQueueEnd?: (session: GuildSession) => Promise<boolean>;
}

/**
 * Drives lavalink-client players from the persisted queue. The queue in PostgreSQL is the
 * truth: lavalink-client only ever holds the track being played (its own queue stays empty),
 * and every change is saved before it is announced.
 */
export class MusicEngine {
  private readonly sessions = new Map<string, GuildSession>();

  constructor(readonly options: MusicEngineOptions) {}

  get lavalink(): LavalinkManager {
    return this.options.lavalink;
  }

  /** The guild's session, loaded from the database the first time. */
  async session(guildId: string): Promise<GuildSession> {
    const known = this.sessions.get(guildId);
    if (known) return known;
    const record = await this.options.store.load(guildId);
    const settings = record ? null : await this.options.settings(guildId);
    const session =
      this.sessions.get(guildId) ??
      new GuildSession(record ?? emptyRecord(guildId, settings?.defaultVolume ?? 100));
    this.sessions.set(guildId, session);
    return session;
  }

  knownSessions(): GuildSession[] {
    return [...this.sessions.values()];
  }

  forget(guildId: string): void {
    this.sessions.delete(guildId);
  }

  player(guildId: string): Player | undefined {
    return this.lavalink.getPlayer(guildId);
  }

  listeners(session: GuildSession): string[] {
    const channel = session.record.voiceChannelId;
    return channel ? this.options.voice.listeners(session.guildId, channel) : [];
  }

  /** Saves the session and tells the world. */
  async commit(session: GuildSession, cause: string): Promise<QueueSnapshot> {
    await this.options.store.save(session.record);
    const snapshot = snapshotOf(session.record, session.estimatedPosition());
    this.options.onChange?.(snapshot, cause);
    return snapshot;
  }

  /** Joins the voice channel (or moves there) with a lavalink player. */
  async connect(
    session: GuildSession,
    voiceChannelId: string,
    textChannelId: string | null,
    nodeId?: string,
  ): Promise<Player> {
    if (this.lavalink.nodeManager.nodes.filter((node) => node.connected).size === 0) {
      throw new MusicError('AUDIO_UNAVAILABLE');
    }
    let player = this.player(session.guildId);
    if (!player) {
      player = this.lavalink.createPlayer({
        guildId: session.guildId,
        voiceChannelId,
        textChannelId: textChannelId ?? undefined,
        selfDeaf: true,
        volume: session.record.volume,
        ...(nodeId ? { node: nodeId } : {}),
      });
    } else if (player.voiceChannelId !== voiceChannelId) {
      player.options.voiceChannelId = voiceChannelId;
      player.voiceChannelId = voiceChannelId;
    }
    await player.connect();
    session.record = {
      ...session.record,
      voiceChannelId,
      textChannelId: textChannelId ?? session.record.textChannelId,
    };
    return player;
  }

  /**
   * Makes `index` the current track and plays it from `positionMs`; the play in progress ends
   * with `endReason`. Index -1 stops: the player stays in the channel, silent.
   */
  async playAt(
    session: GuildSession,
    index: number,
    endReason: PlayEndReason,
    positionMs = 0,
  ): Promise<void> {
    this.finishPlay(session, endReason);
    session.record = playIndex(session.record, index);
    session.setPosition(positionMs);
    const track = currentTrack(session.record);
    const player = this.player(session.guildId);
    if (!player) return;
    if (!track) {
      if (player.queue.current) await player.stopPlaying(false, false);
      return;
    }
    await this.startTrack(session, player, track, positionMs);
  }

  /** Plays the current track on the player (after a restore or a reconnect). */
  async startTrack(
    session: GuildSession,
    player: Player,
    track: QueuedTrack,
    positionMs: number,
  ): Promise<void> {
    // lavalink-client types sourceName as its known sources; the built-in node has others.
    const lavalinkTrack = {
      encoded: track.encoded,
      info: { ...track.info, uri: track.info.uri ?? '' },
      pluginInfo: {},
      userData: {},
    };
    const clientTrack = this.lavalink.utils.buildTrack(
      lavalinkTrack as Parameters<LavalinkManager['utils']['buildTrack']>[0],
      { id: track.requesterId },
    );
    await player.play({
      clientTrack,
      position: Math.round(positionMs),
      paused: session.record.paused,
      volume: session.record.volume,
    });
    session.beginPlay(this.listeners(session));
  }

  async applyPreset(session: GuildSession, preset: string | null): Promise<void> {
    if (preset !== null && !isFilterPreset(preset)) throw new MusicError('UNKNOWN_PRESET', { preset });
    const player = this.player(session.guildId);
    if (player) await applyFilterPreset(player.filterManager, preset as FilterPreset | null);
    session.record = { ...session.record, filterPreset: preset };
  }

  /** Ends the play in progress and hands it to the recorder. */
  finishPlay(session: GuildSession, endReason: PlayEndReason): void {
    const finished = session.endPlay(endReason);
    if (!finished || !this.options.onPlayEnded) return;
    Promise.resolve(this.options.onPlayEnded(finished)).catch((error) =>
      this.options.logger.error({ err: error, guildId: session.guildId }, 'failed to record a play'),
    );
  }

  /** The audio node says the track ended by itself (finished, or could not load). */
  async handleTrackEnd(guildId: string, encoded: string, reason: string): Promise<void> {
    const session = this.sessions.get(guildId);
    if (!session) return;
    await session.run(async () => {
      const track = currentTrack(session.record);
      // Ends we caused (skip, stop, replace) were handled where we caused them.
      if (!track || track.encoded !== encoded || (reason !== 'finished' && reason !== 'loadFailed')) return;
      const failed = reason === 'loadFailed';
      let next = failed ? indexAfterSkip(session.record) : indexAfterFinish(session.record);
      if (next === session.record.currentIndex && failed) next = -1;
      if (next === -1 && !failed) {
        this.finishPlay(session, 'finished');
        if (await this.options.onQueueEnd?.(session)) next = indexAfterSkip(session.record);
      }
      await this.playAt(session, next, failed ? 'failed' : 'finished');
      await this.commit(session, failed ? 'trackFailed' : 'trackFinished');
    });
  }

  /** Lavalink started a track: the play clock starts now. */
  handleTrackStart(guildId: string): void {
    const session = this.sessions.get(guildId);
    if (session && !session.isPlaying()) session.beginPlay(this.listeners(session));
  }

  /** Positions of playing guilds, for the periodic save. */
  livePositions(now = new Date()): { guildId: string; positionMs: number; at: Date }[] {
    const positions = [];
    for (const session of this.sessions.values()) {
      const player = this.player(session.guildId);
      if (!player || !currentTrack(session.record) || session.record.paused) continue;
      session.setPosition(player.position, now);
      positions.push({ guildId: session.guildId, positionMs: session.record.positionMs, at: now });
    }
    return positions;
  }
}
