import {
  type DiscordGatewayAdapterCreator,
  type DiscordGatewayAdapterLibraryMethods,
  joinVoiceChannel,
  type Networking,
  type VoiceConnection,
  type VoiceConnectionState,
  VoiceConnectionStatus,
  type VoiceWebSocket,
} from '@discordjs/voice';
import type { Logger } from '../../logging/index.ts';
import type { VoiceServerInfo } from '../contracts.ts';

/** How long connectVoice waits for the voice connection to become ready. */
const READY_TIMEOUT_MS = 15_000;
/**
 * A handshake still not done after this long is started again: the UDP IP discovery datagram
 * (or its answer) can be lost, and @discordjs/voice then waits forever.
 */
const HANDSHAKE_RETRY_MS = 5_000;

/** Called when Discord's voice server closes the voice websocket. */
export type VoiceClosedListener = (code: number, reason: string, byRemote: boolean) => void;

function sameInfo(a: VoiceServerInfo | null, b: VoiceServerInfo): boolean {
  return (
    a !== null &&
    a.token === b.token &&
    a.endpoint === b.endpoint &&
    a.sessionId === b.sessionId &&
    (a.channelId ?? null) === (b.channelId ?? null)
  );
}

/**
 * One player's Discord voice connection through @discordjs/voice (DAVE left on, as Discord
 * requires). The node has no gateway of its own: its adapter answers the library's voice join
 * with the voice state and server the Lavalink client sent, and a later connect feeds new ones
 * (Discord moved the bot, or the client reconnects after a close). It never rejoins by itself.
 */
export class VoiceLink {
  private connection: VoiceConnection | null = null;
  private methods: DiscordGatewayAdapterLibraryMethods | null = null;
  private info: VoiceServerInfo | null = null;
  /** Set while joinVoiceChannel waits for the adapter to answer the first join. */
  private answerJoin = false;
  private readonly watchedSockets = new WeakSet<VoiceWebSocket>();
  private readonly watchedNetworking = new WeakSet<Networking>();
  private lastClose: { code: number; reason: string } | null = null;

  constructor(
    private readonly guildId: string,
    private readonly userId: string,
    private readonly logger: Logger,
    private readonly onClosed: VoiceClosedListener,
  ) {}

  get ready(): boolean {
    return this.connection?.state.status === VoiceConnectionStatus.Ready;
  }

  /**
   * Whether audio is owed: connected, or (re)connecting — a handshake, a resume, or waiting for
   * new voice info after a close. Not before the first connect, nor once Discord disconnected
   * the bot (4014) or the link was destroyed.
   */
  get owed(): boolean {
    const status = this.connection?.state.status;
    return (
      status === VoiceConnectionStatus.Ready ||
      status === VoiceConnectionStatus.Connecting ||
      status === VoiceConnectionStatus.Signalling
    );
  }

  /** The voice websocket's heartbeat round trip in ms, -1 when unknown. */
  get ping(): number {
    return this.connection?.ping.ws ?? -1;
  }

  /**
   * Connects (or reconnects with new server info) and resolves once audio can be sent.
   *
   * @throws Error when the voice server closes the connection or it is not ready in 15 s.
   */
  async connect(info: VoiceServerInfo): Promise<void> {
    const existing = this.connection;
    if (existing && existing.state.status !== VoiceConnectionStatus.Destroyed) {
      const status = existing.state.status;
      const underway = status === VoiceConnectionStatus.Ready || status === VoiceConnectionStatus.Connecting;
      // Clients repeat the same voice info often: only new info, or a dead link, reconnects.
      if (!underway || !sameInfo(this.info, info)) {
        this.info = info;
        this.lastClose = null;
        this.feed();
      }
      return this.waitReady(existing);
    }
    this.info = info;
    this.lastClose = null;
    this.answerJoin = true;
    const connection = joinVoiceChannel({
      guildId: this.guildId,
      // Needed by DAVE (the MLS group); Lavalink clients before 4.2 do not send it.
      channelId: info.channelId ?? this.guildId,
      group: this.userId,
      selfDeaf: true,
      selfMute: false,
      adapterCreator: this.adapterCreator,
    });
    this.connection = connection;
    connection.on('stateChange', (_old, state) => this.watch(state));
    connection.on('error', (error) =>
      this.logger.warn({ err: error, guildId: this.guildId }, 'voice connection error'),
    );
    return this.waitReady(connection);
  }

  /** Sends one Opus packet; false when the connection cannot send right now. */
  send(opus: Buffer): boolean {
    return this.connection?.playOpusPacket(opus) === true;
  }

  /** Clears the speaking flag (after trailing silence), as Discord clients do. */
  stopSpeaking(): void {
    this.connection?.setSpeaking(false);
  }

  destroy(): void {
    const connection = this.connection;
    this.connection = null;
    if (connection && connection.state.status !== VoiceConnectionStatus.Destroyed) connection.destroy();
  }

  private readonly adapterCreator: DiscordGatewayAdapterCreator = (methods) => {
    this.methods = methods;
    return {
      sendPayload: (payload: { op: number; d: { channel_id: string | null } }) => {
        // Only the first join is answered; the library's own rejoins (after a close) wait for
        // the client to send fresh voice info, as a bot's gateway would get it from Discord.
        if (payload.op === 4 && payload.d.channel_id !== null && this.answerJoin) {
          this.answerJoin = false;
          // A real gateway answers later; answering inside sendPayload would re-enter the library.
          setImmediate(() => this.feed());
        }
        return true;
      },
      destroy: () => {
        this.methods = null;
      },
    };
  };

  /** Hands the library the voice state and server packets a gateway would have received. */
  private feed(): void {
    const { methods, info } = this;
    if (!methods || !info) return;
    methods.onVoiceStateUpdate({
      guild_id: this.guildId,
      channel_id: info.channelId ?? this.guildId,
      user_id: this.userId,
      session_id: info.sessionId,
      deaf: false,
      mute: false,
      self_deaf: true,
      self_mute: false,
      self_video: false,
      suppress: false,
      request_to_speak_timestamp: null,
    });
    methods.onVoiceServerUpdate({ token: info.token, guild_id: this.guildId, endpoint: info.endpoint });
  }

  /** Follows each networking instance and websocket the connection creates, to see closes. */
  private watch(state: VoiceConnectionState): void {
    if (!('networking' in state)) return;
    const networking = state.networking;
    if (this.watchedNetworking.has(networking)) return;
    this.watchedNetworking.add(networking);
    const watchSocket = () => {
      const ws = 'ws' in networking.state ? networking.state.ws : undefined;
      if (!ws || this.watchedSockets.has(ws)) return;
      this.watchedSockets.add(ws);
      // Prepended so it runs before Networking's handler replaces the socket (resume) or closes.
      ws.prependListener('close', (event: { code: number; reason: string }) => {
        const current = 'ws' in networking.state ? networking.state.ws : undefined;
        const live =
          this.connection && 'networking' in this.connection.state && this.connection.state.networking;
        // The library closes sockets it replaced itself (new server, destroy): not Discord's doing.
        if (current !== ws || live !== networking) return;
        this.lastClose = { code: event.code, reason: event.reason };
        this.logger.info(
          { guildId: this.guildId, code: event.code, reason: event.reason },
          'voice websocket closed',
        );
        this.onClosed(event.code, event.reason, true);
      });
    };
    watchSocket();
    networking.on('stateChange', watchSocket);
  }

  private async waitReady(connection: VoiceConnection): Promise<void> {
    if (connection.state.status === VoiceConnectionStatus.Ready) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`voice connection not ready within ${READY_TIMEOUT_MS} ms`)),
        READY_TIMEOUT_MS,
      );
      const retry = setInterval(() => {
        this.logger.info({ guildId: this.guildId }, 'voice handshake stalled, starting it again');
        this.feed();
      }, HANDSHAKE_RETRY_MS);
      const onState = (_old: VoiceConnectionState, state: VoiceConnectionState) => {
        if (state.status === VoiceConnectionStatus.Ready) finish();
        else if (state.status === VoiceConnectionStatus.Destroyed)
          finish(new Error('voice connection destroyed'));
        else if (
          state.status === VoiceConnectionStatus.Signalling ||
          state.status === VoiceConnectionStatus.Disconnected
        ) {
          const close = this.lastClose;
          if (close)
            finish(new Error(`voice server closed the connection: ${close.code} ${close.reason}`.trim()));
        }
      };
      const finish = (error?: Error) => {
        clearTimeout(timer);
        clearInterval(retry);
        connection.off('stateChange', onState);
        if (error) reject(error);
        else resolve();
      };
      connection.on('stateChange', onState);
    });
  }
}
