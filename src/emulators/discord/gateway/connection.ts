import type { RawData, WebSocket } from 'ws';
import { handleBotVoiceRequest } from '../domain/voice.ts';
import type { World } from '../domain/world.ts';
import { ALL_INTENTS, disallowedIntents } from '../intents.ts';
import { parseDiscordJson } from '../json-text.ts';
import type { GatewayHub } from './hub.ts';
import { sendMemberChunks } from './members.ts';
import {
  Close,
  frame,
  identifySchema,
  inboundSchema,
  Op,
  requestMembersSchema,
  resumeSchema,
  voiceStateSchema,
} from './protocol.ts';
import { guildsOfSession, sendReadyAndGuilds } from './ready.ts';
import type { GatewaySession } from './session.ts';

export interface ConnectionOptions {
  heartbeatIntervalMs: number;
  /** The URL sent as resume_gateway_url. */
  gatewayUrl: string;
  /** More guilds than this on one shard closes with 4011 (Discord: 2500). */
  maxGuildsPerShard: number;
}

/** Clients may send 120 payloads per 60 s; more closes the socket with 4008. */
const SEND_LIMIT = 120;
const SEND_WINDOW_MS = 60_000;

/**
 * One gateway websocket: HELLO, then IDENTIFY or RESUME, then heartbeats, voice state updates and
 * member requests. Protocol errors close the socket with Discord's close codes.
 */
export class GatewayConnection {
  private session: GatewaySession | null = null;
  private heartbeatDeadline: NodeJS.Timeout | null = null;
  private sentTimes: number[] = [];
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly world: World,
    private readonly hub: GatewayHub,
    private readonly options: ConnectionOptions,
  ) {
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    socket.on('close', (code) => this.onClose(code));
    socket.on('error', (error) =>
      this.world.logger.debug({ err: error }, 'discord emulator: gateway socket error'),
    );
    socket.send(frame(Op.HELLO, { heartbeat_interval: options.heartbeatIntervalMs }));
    this.armHeartbeatDeadline();
  }

  /** Closes with a gateway close code. */
  close(code: number, reason: string): undefined {
    if (this.closed) return;
    this.closed = true;
    this.world.logger.debug({ code, reason }, 'discord emulator: closing gateway socket');
    this.socket.close(code, reason);
  }

  private onMessage(data: RawData, isBinary: boolean): undefined {
    if (this.closed) return;
    if (isBinary) return this.close(Close.DECODE_ERROR, 'Only JSON text frames are supported');
    const now = Date.now();
    this.sentTimes = this.sentTimes.filter((t) => now - t < SEND_WINDOW_MS);
    this.sentTimes.push(now);
    if (this.sentTimes.length > SEND_LIMIT)
      return this.close(Close.RATE_LIMITED, 'You are being rate limited.');
    let parsed: unknown;
    try {
      parsed = parseDiscordJson(data.toString());
    } catch {
      return this.close(Close.DECODE_ERROR, 'Error while decoding payload.');
    }
    const payload = inboundSchema.safeParse(parsed);
    if (!payload.success) return this.close(Close.DECODE_ERROR, 'Error while decoding payload.');
    const { op, d } = payload.data;
    if (op === Op.HEARTBEAT) return this.onHeartbeat();
    if (op === Op.IDENTIFY) return this.onIdentify(d);
    if (op === Op.RESUME) return this.onResume(d);
    if (!this.session) return this.close(Close.NOT_AUTHENTICATED, 'Not authenticated.');
    switch (op) {
      case Op.PRESENCE_UPDATE:
        return;
      case Op.VOICE_STATE_UPDATE:
        return this.onVoiceState(d);
      case Op.REQUEST_GUILD_MEMBERS:
        return this.onRequestMembers(d);
      default:
        return this.close(Close.UNKNOWN_OPCODE, 'Unknown opcode.');
    }
  }

  private onHeartbeat(): undefined {
    this.socket.send(frame(Op.HEARTBEAT_ACK, null));
    this.armHeartbeatDeadline();
  }

  /** A client that stops heartbeating is a zombie: close it so it resumes (Discord does the same). */
  private armHeartbeatDeadline(): void {
    if (this.heartbeatDeadline) clearTimeout(this.heartbeatDeadline);
    const grace = this.options.heartbeatIntervalMs * 1.5 + 5_000;
    this.heartbeatDeadline = setTimeout(
      () => this.close(Close.SESSION_TIMED_OUT, 'Session timed out.'),
      grace,
    );
    this.heartbeatDeadline.unref();
  }

  private onIdentify(raw: unknown): undefined {
    // After a non-resumable INVALID_SESSION the client may identify again on the same socket.
    if (this.session?.ended) this.session = null;
    if (this.session) return this.close(Close.ALREADY_AUTHENTICATED, 'Already authenticated.');
    const parsed = identifySchema.safeParse(raw);
    if (!parsed.success) return this.close(Close.DECODE_ERROR, 'Error while decoding payload.');
    const identify = parsed.data;
    const app = this.world.store.applicationByToken(identify.token.replace(/^Bot\s+/i, ''));
    if (!app) return this.close(Close.AUTHENTICATION_FAILED, 'Authentication failed.');
    if (identify.compress)
      return this.close(Close.DECODE_ERROR, 'Payload compression is not supported here.');
    const intents = identify.intents;
    if (!Number.isInteger(intents) || intents < 0 || (intents & ~ALL_INTENTS) !== 0) {
      return this.close(Close.INVALID_INTENTS, 'Invalid intent(s).');
    }
    if (disallowedIntents(intents, app.flags) !== 0)
      return this.close(Close.DISALLOWED_INTENTS, 'Disallowed intent(s).');
    const shard = identify.shard ?? [0, 1];
    if (shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1])
      return this.close(Close.INVALID_SHARD, 'Invalid shard.');
    if (
      guildsOfSession(this.world, { botUserId: app.botUserId, shard }).length > this.options.maxGuildsPerShard
    ) {
      return this.close(Close.SHARDING_REQUIRED, 'Sharding is required.');
    }
    const session = this.hub.open(app, intents, shard, identify.large_threshold ?? 50);
    this.session = session;
    session.attach(this.socket);
    sendReadyAndGuilds(this.world, session, this.options.gatewayUrl).catch((error) =>
      this.world.logger.error({ err: error }, 'discord emulator: failed to send READY'),
    );
  }

  private onResume(raw: unknown): undefined {
    const parsed = resumeSchema.safeParse(raw);
    if (!parsed.success) return this.close(Close.DECODE_ERROR, 'Error while decoding payload.');
    // A resume on the same socket is how clients answer a resumable INVALID_SESSION (op 9, d: true).
    if (this.session && !this.session.ended && this.session.sessionId !== parsed.data.session_id) {
      return this.close(Close.ALREADY_AUTHENTICATED, 'Already authenticated.');
    }
    const resume = parsed.data;
    const app = this.world.store.applicationByToken(resume.token.replace(/^Bot\s+/i, ''));
    if (!app) return this.close(Close.AUTHENTICATION_FAILED, 'Authentication failed.');
    const session = this.hub.sessions.get(resume.session_id);
    const frames = session && session.applicationId === app.id ? session.framesAfter(resume.seq ?? 0) : null;
    if (!session || frames === null) {
      if (session) this.hub.end(session);
      // Not resumable: the client must IDENTIFY again (discord.js closes and reconnects on this).
      this.socket.send(frame(Op.INVALID_SESSION, false));
      return;
    }
    const previous = session.socket;
    if (previous && previous !== this.socket) previous.terminate();
    this.session = session;
    session.attach(this.socket);
    for (const replayed of frames) this.socket.send(replayed);
    session.dispatch('RESUMED', '{}');
    this.hub.resumed(session);
  }

  private onVoiceState(raw: unknown): undefined {
    const session = this.session;
    const parsed = voiceStateSchema.safeParse(raw);
    if (!session || !parsed.success) return this.close(Close.DECODE_ERROR, 'Error while decoding payload.');
    handleBotVoiceRequest(this.world, session, {
      guildId: parsed.data.guild_id,
      channelId: parsed.data.channel_id,
      selfMute: parsed.data.self_mute,
      selfDeaf: parsed.data.self_deaf,
    }).catch((error) => this.world.logger.error({ err: error }, 'discord emulator: voice join failed'));
  }

  private onRequestMembers(raw: unknown): undefined {
    const session = this.session;
    const parsed = requestMembersSchema.safeParse(raw);
    if (!session || !parsed.success) return this.close(Close.DECODE_ERROR, 'Error while decoding payload.');
    const refused = sendMemberChunks(this.world, session, parsed.data);
    if (refused) this.close(Close.INVALID_INTENTS, refused);
  }

  private onClose(code: number): undefined {
    this.closed = true;
    if (this.heartbeatDeadline) clearTimeout(this.heartbeatDeadline);
    const session = this.session;
    if (!session || session.socket !== this.socket) return;
    // A clean close (1000/1001) from the client ends the session; anything else leaves it resumable.
    if (code === 1000 || code === 1001) {
      session.socket = null;
      this.hub.end(session);
    } else {
      this.hub.detached(session, this.socket);
    }
  }
}
