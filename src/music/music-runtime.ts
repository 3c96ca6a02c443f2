import { type GuildShardPayload, LavalinkManager, type LavalinkNode } from 'lavalink-client';
import { type Config, resolveAudioPassword } from '../config/index.ts';
import type { Database } from '../db/index.ts';
import type { HealthRegistry } from '../health/index.ts';
import type { Logger } from '../logging/index.ts';
import { GuildSettingsRepository } from '../settings/index.ts';
import type { QueueSnapshot } from './contract.ts';
import { parseFilterSet } from './filter-presets.ts';
import type { FinishedPlay, GuildSession } from './guild-session.ts';
import { MusicEngine, type VoiceDirectory } from './music-engine.ts';
import { MusicService } from './music-service.ts';
import { PlayerStore } from './player-store.ts';
import { currentTrack } from './queue-model.ts';

export interface MusicRuntimeOptions {
  config: Config;
  logger: Logger;
  database: Database;
  health: HealthRegistry;
  bot: { id: string; username: string };
  /** Sends a gateway payload (voice state op 4) on the guild's shard. */
  sendToShard: (guildId: string, payload: GuildShardPayload) => void;
  voice: VoiceDirectory;
  onPlayEnded?: (play: FinishedPlay) => Promise<void> | void;
  onChange?: (snapshot: QueueSnapshot, cause: string) => void;
  onQueueEnd?: (session: GuildSession) => Promise<boolean>;
  /**
   * The bot was put out of its voice channel (channel deleted, moderator disconnect, removed
   * from the guild) while a player was there: the player has stopped and the queue is saved
   * without a voice channel.
   */
  onVoiceLost?: (lost: VoiceLost) => void;
  /** How often playing guilds' positions are saved (ms). */
  positionSaveIntervalMs?: number;
}

/** Where the player was when the bot was put out of voice. */
export interface VoiceLost {
  guildId: string;
  voiceChannelId: string;
  textChannelId: string | null;
}

export interface MusicRuntime {
  service: MusicService;
  engine: MusicEngine;
  /** Every raw gateway dispatch: lavalink-client takes the voice ones. */
  feedRaw(packet: unknown): void;
  /**
   * Rejoins and resumes every guild that was playing when the gateway stopped and that the bot
   * is still in (`isHere`); the saved players of the others are closed, not resumed.
   */
  restore(isHere: (guildId: string) => boolean): Promise<{ restored: number; closed: number }>;
  /** The bot is no longer in the guild: its player stops and its record is closed. */
  closeGuild(guildId: string): Promise<void>;
  stop(): Promise<void>;
}

/** The audio nodes: LAVALINK_NODES, or the built-in node of this installation. */
export function audioNodes(config: Config) {
  if (config.LAVALINK_NODES) {
    return config.LAVALINK_NODES.map((node) => ({
      id: node.id,
      host: node.host,
      port: node.port,
      authorization: node.password,
      secure: node.secure,
      retryAmount: Number.POSITIVE_INFINITY,
      retryDelay: 2_000,
    }));
  }
  const host =
    config.AUDIO_HOST === '0.0.0.0' || config.AUDIO_HOST === '::' ? '127.0.0.1' : config.AUDIO_HOST;
  return [
    {
      id: 'built-in',
      host,
      port: config.AUDIO_PORT,
      // The default password is replaced by the one the node keeps in DATA_DIR (same installation).
      authorization: resolveAudioPassword(config).password,
      retryAmount: Number.POSITIVE_INFINITY,
      retryDelay: 2_000,
    },
  ];
}

/** Starts the music side of the gateway: lavalink-client, the engine, the saves. */
export async function startMusicRuntime(options: MusicRuntimeOptions): Promise<MusicRuntime> {
  const { config, logger } = options;
  const lavalink = new LavalinkManager({
    nodes: audioNodes(config),
    sendToShard: options.sendToShard,
    client: options.bot,
    // The engine decides what plays next from the persisted queue.
    autoSkip: false,
    // Failover is ours (see moveOffNode): the queue and position come from our own state.
    autoMove: false,
    playerOptions: {
      // Discord only says the bot has no channel when it left or was put out (the channel was
      // deleted, a moderator disconnected it, it was removed from the guild): never rejoin
      // against that. A network drop is a voice websocket close, which the audio node resumes.
      onDisconnect: { autoReconnect: false, destroyPlayer: false },
      allowCustomSources: true,
      clientBasedPositionUpdateInterval: 250,
    },
    queueOptions: { maxPreviousTracks: 1 },
  });
  const store = new PlayerStore(options.database.db);
  const settings = new GuildSettingsRepository(options.database.db);
  const engine = new MusicEngine({
    lavalink,
    store,
    settings: (guildId) => settings.get(guildId),
    voice: options.voice,
    logger,
    ...(options.onPlayEnded ? { onPlayEnded: options.onPlayEnded } : {}),
    ...(options.onChange ? { onChange: options.onChange } : {}),
    ...(options.onQueueEnd ? { onQueueEnd: options.onQueueEnd } : {}),
  });
  const service = new MusicService(engine, { addRate: config.MUSIC_ADD_RATE });

  let restored = false;
  lavalink.nodeManager.on('raw', (_node, payload) => {
    const message = payload as {
      op?: string;
      type?: string;
      guildId?: string;
      reason?: string;
      track?: { encoded?: string };
    };
    if (message.op !== 'event' || !message.guildId) return;
    if (message.type === 'TrackStartEvent') engine.handleTrackStart(message.guildId);
    if (message.type === 'TrackEndEvent' && message.track?.encoded) {
      engine
        .handleTrackEnd(message.guildId, message.track.encoded, message.reason ?? '')
        .catch((error) =>
          logger.error({ err: error, guildId: message.guildId }, 'failed to go on after a track'),
        );
    }
  });
  lavalink.on('playerDisconnect', (player) => {
    const guildId = player.guildId;
    engine
      .stopAfterVoiceLost(guildId)
      .then((lost) => {
        if (!lost) return;
        logger.info({ guildId, channelId: lost.voiceChannelId }, 'put out of the voice channel: stopped');
        options.onVoiceLost?.({ guildId, ...lost });
      })
      .catch((error) =>
        logger.error({ err: error, guildId }, 'failed to stop after losing the voice channel'),
      );
  });
  lavalink.on('playerMove', (player, _from, to) => {
    engine
      .followMove(player.guildId, to)
      .catch((error) => logger.error({ err: error, guildId: player.guildId }, 'failed to save a voice move'));
  });
  lavalink.nodeManager.on('connect', (node) => {
    logger.info({ node: node.id }, 'audio node connected');
    // A node that came back lost its players: play their tracks again where they were.
    if (restored) void resumeOrphans(engine, node, logger);
  });
  lavalink.nodeManager.on('disconnect', (node, reason) => {
    logger.warn({ node: node.id, reason }, 'audio node disconnected');
    for (const session of engine.knownSessions())
      if (engine.player(session.guildId)?.node.id === node.id) engine.handleNodeLost(session.guildId);
    void moveOffNode(engine, node, logger);
  });
  lavalink.nodeManager.on('error', (node, error) =>
    logger.warn({ node: node.id, err: error }, 'audio node error'),
  );
  options.health.add({
    name: 'audio-nodes',
    check: async () => {
      if (![...lavalink.nodeManager.nodes.values()].some((node) => node.connected))
        throw new Error('no audio node connected');
    },
  });

  await lavalink.init(options.bot);
  await waitForNode(lavalink, 15_000).catch(() =>
    logger.warn('no audio node connected yet: music commands answer "audio unavailable" until one is'),
  );

  const interval = options.positionSaveIntervalMs ?? 2_000;
  const timer = setInterval(() => {
    store
      .savePositions(engine.livePositions())
      .catch((error) => logger.warn({ err: error }, 'failed to save playing positions'));
  }, interval);
  timer.unref();

  return {
    service,
    engine,
    feedRaw: (packet) => {
      lavalink
        .sendRawData(packet as Parameters<LavalinkManager['sendRawData']>[0])
        .catch((error) => logger.warn({ err: error }, 'lavalink-client failed on a voice update'));
    },
    restore: async (isHere) => {
      const records = await store.loadConnected();
      let count = 0;
      let closed = 0;
      for (const record of records) {
        if (!isHere(record.guildId)) {
          // Removed from the guild while the gateway was down: nothing to rejoin.
          await engine
            .closeGuild(record.guildId)
            .then(() => closed++)
            .catch((error) =>
              logger.error({ err: error, guildId: record.guildId }, 'failed to close a player'),
            );
          continue;
        }
        const session = await engine.session(record.guildId);
        await session
          .run(() => resumeSession(engine, session))
          .then(() => count++)
          .catch((error) =>
            logger.error({ err: error, guildId: record.guildId }, 'failed to restore a player'),
          );
      }
      restored = true;
      return { restored: count, closed };
    },
    closeGuild: (guildId) => engine.closeGuild(guildId),
    stop: async () => {
      clearInterval(timer);
      await store.savePositions(engine.livePositions()).catch(() => {});
      await engine.interruptPlays();
      for (const node of lavalink.nodeManager.nodes.values()) node.destroy('gateway stopping', true);
    },
  };
}

/**
 * Joins the saved channel and plays the current track from where it was, on `nodeId` or the
 * least busy node. A player left on a node that died or restarted is dropped first (staying
 * in the voice channel); joining again makes Discord send fresh voice server details.
 */
async function resumeSession(engine: MusicEngine, session: GuildSession, nodeId?: string): Promise<void> {
  const { voiceChannelId, textChannelId } = session.record;
  if (!voiceChannelId) return;
  const existing = engine.player(session.guildId);
  if (existing) await existing.destroy('resuming on a fresh node session', false).catch(() => {});
  const player = await engine.connect(session, voiceChannelId, textChannelId, nodeId);
  const track = currentTrack(session.record);
  if (track) await engine.startTrack(session, player, track, session.estimatedPosition());
  if (session.record.filterPreset)
    await engine.applyFilters(session, parseFilterSet(session.record.filterPreset));
}

/** A node went away: its players continue on another connected node, if there is one. */
async function moveOffNode(engine: MusicEngine, dead: LavalinkNode, logger: Logger): Promise<void> {
  for (const session of engine.knownSessions()) {
    const player = engine.player(session.guildId);
    if (!player || player.node.id !== dead.id || !session.record.voiceChannelId) continue;
    const target = engine.lavalink.nodeManager
      .leastUsedNodes('playingPlayers')
      .find((node) => node.id !== dead.id && node.connected && node.sessionId);
    if (!target) {
      logger.warn(
        { guildId: session.guildId, node: dead.id },
        'no other audio node: waiting for one to come back',
      );
      return;
    }
    await session
      .run(() => resumeSession(engine, session, target.id))
      .then(() =>
        logger.info(
          { guildId: session.guildId, from: dead.id, to: target.id },
          'player moved to another audio node',
        ),
      )
      .catch((error) => logger.error({ err: error, guildId: session.guildId }, 'failed to move a player'));
  }
}

async function resumeOrphans(engine: MusicEngine, node: LavalinkNode, logger: Logger): Promise<void> {
  for (const session of engine.knownSessions()) {
    const player = engine.player(session.guildId);
    if (!player || player.node !== node || !currentTrack(session.record)) continue;
    await session
      .run(() => resumeSession(engine, session))
      .catch((error) => logger.error({ err: error, guildId: session.guildId }, 'failed to resume a player'));
  }
}

function waitForNode(lavalink: LavalinkManager, timeoutMs: number): Promise<void> {
  if ([...lavalink.nodeManager.nodes.values()].some((node) => node.connected)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no audio node')), timeoutMs);
    lavalink.nodeManager.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
