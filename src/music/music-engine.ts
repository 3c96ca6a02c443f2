import type { LavalinkManager, Player } from 'lavalink-client';
import type { Logger } from '../logging/index.ts';
import type { GuildSettings } from '../settings/index.ts';
import type { QueuedTrack, QueueSnapshot } from './contract.ts';
import { applyFilterSet, type FilterSet, formatFilterSet, parseFilterSet } from './filter-presets.ts';
import { emptyRecord, type FinishedPlay, GuildSession, type PlayEndReason } from './guild-session.ts';
import { MusicError } from './music-error.ts';
import { type PlayerRecord, type PlayerStore, positionNow } from './player-store.ts';
import { currentTrack, indexAfterFinish, indexAfterSkip, playIndex } from './queue-model.ts';
import { snapshotOf } from './snapshot.ts';

/** A failed change moved the player further than this from the saved position: seek back. */
const REALIGN_TOLERANCE_MS = 1_000;

interface PlayerFacts {
  exists: boolean;
  voiceChannelId: string | null;
  /** The track the player holds, or null. */
  encoded: string | null;
}

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

  /**
   * Runs `change` (in the guild's turn: call it inside `session.run`) and saves the result, so
   * a change lands in PostgreSQL and memory together or in neither: when `change` or the save
   * fails, the session goes back to its saved record, the player is brought back in line with
   * it, and the error goes on to the caller. `cause` names the change to the world once saved;
   * null saves it without announcing it (bookkeeping such as the now-playing message id).
   */
  async transact<T>(
    session: GuildSession,
    cause: string | null,
    change: () => Promise<T>,
    /** The player's track has just ended by itself: undoing the change must not play it again. */
    options: { trackEnded?: boolean } = {},
  ): Promise<{ value: T; snapshot: QueueSnapshot }> {
    const checkpoint = session.checkpoint();
    const before = this.playerFacts(session.guildId);
    if (options.trackEnded) before.encoded = null;
    let value: T;
    try {
      value = await change();
      await this.options.store.save(session.record);
      session.markSaved();
    } catch (error) {
      const failed = session.record;
      session.rollBack(checkpoint);
      await this.realign(session, before, failed).catch((realignError) =>
        this.options.logger.error(
          { err: realignError, guildId: session.guildId },
          'failed to bring the player back in line with the saved queue',
        ),
      );
      throw error;
    }
    for (const play of session.endedPlays.splice(0)) this.recordPlay(play);
    const snapshot = snapshotOf(session.record, session.estimatedPosition());
    if (cause !== null) this.options.onChange?.(snapshot, cause);
    return { value, snapshot };
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

  /** Sends the filters to the player (when there is one) and keeps them in the record. */
  async applyFilters(session: GuildSession, set: FilterSet): Promise<void> {
    const player = this.player(session.guildId);
    if (player) await applyFilterSet(player.filterManager, set);
    session.record = { ...session.record, filterPreset: formatFilterSet(set) };
  }

  /** Ends the play in progress; it is handed to the recorder once the change is saved. */
  finishPlay(session: GuildSession, endReason: PlayEndReason): void {
    const finished = session.endPlay(endReason);
    if (finished) session.endedPlays.push(finished);
  }

  private recordPlay(play: FinishedPlay): void {
    if (!this.options.onPlayEnded) return;
    Promise.resolve()
      .then(() => this.options.onPlayEnded?.(play))
      .catch((error) =>
        this.options.logger.error({ err: error, guildId: play.guildId }, 'failed to record a play'),
      );
  }

  /** What the player is doing: compared after a failed change to undo what it did to the player. */
  private playerFacts(guildId: string): PlayerFacts {
    const player = this.player(guildId);
    return {
      exists: player !== undefined,
      voiceChannelId: player?.voiceChannelId ?? null,
      encoded: player?.queue.current?.encoded ?? null,
    };
  }

  /**
   * After a rollback: undoes what the failed change did to the player, so it plays (or not) what
   * the saved record says. `before` is the player before the change, `failed` the record the
   * change had made.
   */
  private async realign(session: GuildSession, before: PlayerFacts, failed: PlayerRecord): Promise<void> {
    const saved = session.record;
    let player = this.player(session.guildId);
    if (!before.exists || !before.voiceChannelId) {
      // The change joined a channel: leave it again.
      if (player) await player.destroy('a change that could not be saved was undone');
      return;
    }
    let rejoined = false;
    if (!player || player.voiceChannelId !== before.voiceChannelId) {
      player = await this.connect(session, before.voiceChannelId, saved.textChannelId);
      session.record = saved;
      rejoined = true;
    }
    const track = currentTrack(saved);
    const playing = player.queue.current?.encoded ?? null;
    if (rejoined || playing !== before.encoded) {
      if (before.encoded !== null && track)
        await this.startTrack(session, player, track, session.estimatedPosition());
      else if (playing !== null) await player.stopPlaying(false, false);
    } else if (track && playing !== null) {
      const now = Date.now();
      const moved = failed.positionMs !== saved.positionMs || failed.positionAt !== saved.positionAt;
      const advancing = session.isPlaying();
      const drift =
        positionNow(failed, now, advancing && !failed.paused) -
        positionNow(saved, now, advancing && !saved.paused);
      if (moved && Math.abs(drift) > REALIGN_TOLERANCE_MS && track.info.isSeekable && !track.info.isStream)
        await player.seek(Math.round(session.estimatedPosition(now)));
      if (failed.paused !== saved.paused) {
        if (saved.paused) await player.pause();
        else await player.resume();
      }
    }
    if (failed.volume !== saved.volume) await player.setVolume(saved.volume);
    if (failed.filterPreset !== saved.filterPreset)
      await applyFilterSet(player.filterManager, parseFilterSet(saved.filterPreset));
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
      await this.transact(
        session,
        failed ? 'trackFailed' : 'trackFinished',
        async () => {
          let next = failed ? indexAfterSkip(session.record) : indexAfterFinish(session.record);
          if (next === session.record.currentIndex && failed) next = -1;
          if (next === -1 && !failed) {
            this.finishPlay(session, 'finished');
            if (await this.options.onQueueEnd?.(session)) next = indexAfterSkip(session.record);
          }
          await this.playAt(session, next, failed ? 'failed' : 'finished');
        },
        { trackEnded: true },
      );
    });
  }

  /**
   * The bot is out of its voice channel without having left it: the channel was deleted, a
   * moderator disconnected it, or it was removed from the guild (Discord sent the bot's voice
   * state with no channel, which our own leaving never reaches: the player is gone by then).
   * The player stops and is dropped, so nothing rejoins against the moderator; the record keeps
   * its queue and position with no voice channel, as after `/leave`. Returns the channels the
   * player was in, or null when it had already left.
   */
  async stopAfterVoiceLost(
    guildId: string,
  ): Promise<{ voiceChannelId: string; textChannelId: string | null } | null> {
    const session = this.sessions.get(guildId);
    if (!session) return null;
    return session.run(async () => {
      const { voiceChannelId, textChannelId } = session.record;
      const player = this.player(guildId);
      // Already left, or back in a channel (a command rejoined since): nothing was lost.
      if (!voiceChannelId || player?.voiceChannelId) return null;
      await this.transact(session, 'voiceLost', async () => {
        if (player && currentTrack(session.record)) session.setPosition(player.position);
        await this.drop(session, 'voice channel lost');
      });
      return { voiceChannelId, textChannelId };
    });
  }

  /**
   * A moderator dragged the bot to another voice channel: the player follows (Discord moved the
   * voice connection), and the record says where it is now, so a restart rejoins there.
   */
  async followMove(guildId: string, voiceChannelId: string): Promise<void> {
    const session = this.sessions.get(guildId);
    if (!session) return;
    await session.run(async () => {
      if (!session.record.voiceChannelId || session.record.voiceChannelId === voiceChannelId) return;
      await this.transact(session, 'voiceMoved', async () => {
        session.record = { ...session.record, voiceChannelId };
      });
    });
  }

  /**
   * The bot is not in the guild (removed from it, or gone while the gateway was down): the
   * player stops and the record is closed (no voice channel), so a restart does not bring it back.
   */
  async closeGuild(guildId: string): Promise<void> {
    const session = await this.session(guildId);
    await session.run(async () => {
      if (!session.record.voiceChannelId && !this.player(guildId)) return;
      await this.transact(session, 'guildLeft', () => this.drop(session, 'not in the guild'));
    });
    this.forget(guildId);
  }

  /** Ends the play, drops the player (without a voice request: the bot is out already). */
  private async drop(session: GuildSession, reason: string): Promise<void> {
    this.finishPlay(session, 'left');
    await this.player(session.guildId)?.destroy(reason, false);
    session.record = { ...session.record, voiceChannelId: null, paused: false };
  }

  /** Lavalink started a track: the play clock starts now. */
  handleTrackStart(guildId: string): void {
    const session = this.sessions.get(guildId);
    if (!session) return;
    if (!session.isPlaying()) session.beginPlay(this.listeners(session));
    // The same track started again on a fresh node after an outage: heard again from now.
    else if (!session.record.paused) session.setAudible(true);
  }

  /** The player's audio node went away: nothing is heard until a node starts the track again. */
  handleNodeLost(guildId: string): void {
    this.sessions.get(guildId)?.setAudible(false);
  }

  /**
   * The gateway is stopping: the plays in progress end as `interrupted` and are recorded before
   * the database closes (the saved players go on after the restart as new plays).
   */
  async interruptPlays(): Promise<void> {
    const plays = [...this.sessions.values()].flatMap((session) => session.endPlay('interrupted') ?? []);
    await Promise.all(
      plays.map((play) =>
        Promise.resolve(this.options.onPlayEnded?.(play)).catch((error) =>
          this.options.logger.error({ err: error, guildId: play.guildId }, 'failed to record a play'),
        ),
      ),
    );
  }

  /** Positions of playing guilds, for the periodic save. */
  livePositions(now = new Date()): { guildId: string; positionMs: number; at: Date }[] {
    const positions = [];
    for (const session of this.sessions.values()) {
      const player = this.player(session.guildId);
      if (!player || !currentTrack(session.record) || session.record.paused) continue;
      session.setPosition(player.position, now);
      // Saved with the others just after (a failed batch is only logged): a change that fails
      // later goes back to this position, not to the one its last whole save had.
      session.saved = { ...session.saved, positionMs: session.record.positionMs, positionAt: now };
      positions.push({ guildId: session.guildId, positionMs: session.record.positionMs, at: now });
    }
    return positions;
  }
}
