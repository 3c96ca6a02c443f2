import { WebSocket } from 'ws';
import type { ServerMessage, Stats } from '../../lavalink/index.ts';
import type { Logger } from '../../logging/index.ts';
import type { PlayerEngineFactory, SourceManager } from '../contracts.ts';
import { FrameStatsWindow } from './frame-stats.ts';
import { GuildPlayer } from './guild-player.ts';
import type { AudioMetrics } from './metrics.ts';

/** What every session shares with the node. */
export interface SessionDeps {
  readonly logger: Logger;
  readonly sources: SourceManager;
  readonly engines: PlayerEngineFactory;
  readonly metrics: AudioMetrics;
  readonly playerUpdateIntervalMs: number;
  readonly statsIntervalMs: number;
  /** Events kept for a disconnected resumable session; the oldest are dropped beyond it. */
  readonly resumeQueueLimit: number;
  /** Node-wide stats (players across sessions, memory, cpu), without frame stats. */
  nodeStats(): Omit<Stats, 'frameStats'>;
  /** Called once the session is gone, to forget it. */
  onDestroyed(session: Session): void;
}

/** Lavalink's default resume timeout, in seconds. */
export const DEFAULT_RESUME_TIMEOUT_S = 60;

/**
 * One client connection's Lavalink session: its players, the periodic playerUpdate and stats
 * messages, and resuming. While the socket is away (and resuming is on) players keep playing and
 * events are queued; a resume within the timeout replays them in order, otherwise the session
 * and its players are destroyed.
 */
export class Session {
  resuming = false;
  timeoutSeconds = DEFAULT_RESUME_TIMEOUT_S;
  readonly players = new Map<string, GuildPlayer>();
  private socket: WebSocket | null = null;
  private queue: string[] = [];
  private readonly frameWindow = new FrameStatsWindow();
  private playerUpdateTimer: NodeJS.Timeout | undefined;
  private statsTimer: NodeJS.Timeout | undefined;
  private resumeTimer: NodeJS.Timeout | undefined;
  private destroyed = false;
  private readonly logger: Logger;

  constructor(
    readonly id: string,
    readonly userId: string,
    readonly clientName: string | undefined,
    private readonly deps: SessionDeps,
  ) {
    this.logger = deps.logger.child({ sessionId: id });
  }

  /** Whether a client is connected (a paused session waits for a resume). */
  get connected(): boolean {
    return this.socket !== null;
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Binds a (new or resuming) socket: ready first, then queued events, then player states. */
  attach(socket: WebSocket, resumed: boolean): void {
    clearTimeout(this.resumeTimer);
    this.socket = socket;
    socket.on('close', (code, reason) => this.onSocketClosed(socket, code, reason.toString()));
    socket.on('error', (error) => this.logger.warn({ err: error }, 'audio client socket error'));
    socket.on('message', () => this.logger.debug('ignoring a client message: Lavalink v4 clients send none'));
    this.send({ op: 'ready', resumed, sessionId: this.id });
    if (resumed) {
      const queued = this.queue;
      this.queue = [];
      this.logger.info({ events: queued.length }, 'session resumed, replaying events');
      for (const payload of queued) socket.send(payload);
      for (const player of this.players.values()) this.sendPlayerUpdate(player);
    }
    if (!this.statsTimer) {
      this.sendStats();
      this.statsTimer = setInterval(() => this.sendStats(), this.deps.statsIntervalMs);
      this.playerUpdateTimer = setInterval(() => this.sendPlayerUpdates(), this.deps.playerUpdateIntervalMs);
    }
  }

  /** The guild's player, created on first use (as Lavalink does on PATCH). */
  playerFor(guildId: string): GuildPlayer {
    const existing = this.players.get(guildId);
    if (existing) return existing;
    const engine = this.deps.engines.create(guildId, this.userId);
    const player: GuildPlayer = new GuildPlayer(guildId, {
      engine,
      sources: this.deps.sources,
      userId: this.userId,
      logger: this.logger,
      emit: (event) => this.send(event),
      sendPlayerUpdate: () => this.sendPlayerUpdate(player),
      loadFailed: (source) => this.deps.metrics.loadFailed(source),
    });
    this.players.set(guildId, player);
    return player;
  }

  async destroyPlayer(guildId: string): Promise<void> {
    const player = this.players.get(guildId);
    if (!player) return;
    this.players.delete(guildId);
    this.deps.metrics.observeFrames(player.engineKey, player.frames);
    await player.destroy();
  }

  /** Sends a message, or queues an event while a resumable client is away. */
  send(message: ServerMessage): void {
    const payload = JSON.stringify(message);
    if (this.socket?.readyState === WebSocket.OPEN) {
      this.socket.send(payload);
      return;
    }
    // A socket that is closing counts as gone: with resuming on, its events wait for the resume.
    // playerUpdate and stats describe "now": stale ones are not worth replaying.
    if (message.op !== 'event' || this.destroyed || (this.socket && !this.resuming)) return;
    this.queue.push(payload);
    if (this.queue.length > this.deps.resumeQueueLimit) {
      this.queue.shift();
      this.logger.warn({ limit: this.deps.resumeQueueLimit }, 'resume queue full, dropped the oldest event');
    }
  }

  /** Ends the session: closes the socket if any and destroys every player. */
  async destroy(closeCode = 1000, reason = 'session destroyed'): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    clearInterval(this.statsTimer);
    clearInterval(this.playerUpdateTimer);
    clearTimeout(this.resumeTimer);
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState === WebSocket.OPEN) socket.close(closeCode, reason);
    const guildIds = [...this.players.keys()];
    const results = await Promise.allSettled(guildIds.map((guildId) => this.destroyPlayer(guildId)));
    for (const result of results) {
      if (result.status === 'rejected')
        this.logger.warn({ err: result.reason }, 'destroying a player failed');
    }
    this.queue = [];
    this.deps.onDestroyed(this);
  }

  private onSocketClosed(socket: WebSocket, code: number, reason: string): void {
    if (this.socket !== socket || this.destroyed) return;
    this.socket = null;
    if (!this.resuming) {
      this.logger.info({ code, reason }, 'client disconnected, destroying its session');
      void this.destroy();
      return;
    }
    this.logger.info(
      { code, reason, timeoutSeconds: this.timeoutSeconds },
      'client disconnected, session resumable',
    );
    this.resumeTimer = setTimeout(() => {
      this.logger.info('resume timeout passed, destroying the session');
      void this.destroy();
    }, this.timeoutSeconds * 1000);
  }

  private sendPlayerUpdate(player: GuildPlayer): void {
    this.send({ op: 'playerUpdate', guildId: player.guildId, state: player.state() });
  }

  private sendPlayerUpdates(): void {
    if (!this.socket) return;
    for (const player of this.players.values()) {
      if (player.track) this.sendPlayerUpdate(player);
    }
  }

  private sendStats(): void {
    if (!this.socket) return;
    const frameStats = this.frameWindow.tick(
      [...this.players.values()].map((player) => ({
        key: player.engineKey,
        playing: player.playing,
        frames: player.frames,
      })),
    );
    const stats: Stats = { ...this.deps.nodeStats() };
    if (frameStats) stats.frameStats = frameStats;
    this.send({ op: 'stats', ...stats });
  }
}
