import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { DispatchEvent, DispatchSink } from '../domain/world.ts';
import { Intent } from '../intents.ts';
import { shardOf } from '../snowflake.ts';
import type { EmulatorStore } from '../state/store.ts';
import type { ApplicationRecord } from '../state/types.ts';
import { frame, Op } from './protocol.ts';
import { GatewaySession, type SessionInfo } from './session.ts';

export interface HubOptions {
  /** How long a session whose socket dropped stays resumable (Discord keeps it a few minutes). */
  resumeWindowMs: number;
  /** How many dispatches a session keeps for replay. */
  replayBufferSize: number;
}

/** Which sessions a control operation targets; all bot sessions when empty. */
export interface SessionFilter {
  sessionId?: string;
  applicationId?: string;
  shardId?: number;
}

/**
 * The registry of gateway sessions and the router of dispatches: a guild event reaches the sessions
 * of bots in that guild whose shard holds it and whose intents ask for it. Emits 'identify' and
 * 'resume' with the session's info (for tests that wait on them) and 'end' with an ended session.
 */
export class GatewayHub extends EventEmitter implements DispatchSink {
  readonly sessions = new Map<string, GatewaySession>();

  constructor(
    private readonly store: EmulatorStore,
    private readonly options: HubOptions,
  ) {
    super();
  }

  /** Starts a session after a successful IDENTIFY. */
  open(
    app: ApplicationRecord,
    intents: number,
    shard: [number, number],
    largeThreshold: number,
  ): GatewaySession {
    const session = new GatewaySession(
      randomBytes(16).toString('hex'),
      app.id,
      app.botUserId,
      intents,
      shard,
      largeThreshold,
      this.options.replayBufferSize,
    );
    this.sessions.set(session.sessionId, session);
    this.emit('identify', session.info());
    return session;
  }

  /** Ends a session: it can no longer be resumed. Emits 'end' with the session. */
  end(session: GatewaySession): void {
    if (session.ended) return;
    session.end();
    this.sessions.delete(session.sessionId);
    this.emit('end', session);
  }

  /** A session's socket went away without a clean close: keep it resumable for a while. */
  detached(session: GatewaySession, socket: import('ws').WebSocket): void {
    session.detach(socket, this.options.resumeWindowMs, () => this.end(session));
  }

  resumed(session: GatewaySession): void {
    session.resumes += 1;
    this.emit('resume', session.info());
  }

  dispatch(event: DispatchEvent): void {
    let shared: string | undefined;
    for (const session of this.sessions.values()) {
      if (session.ended || !this.accepts(session, event)) continue;
      if (event.build) {
        const payload = event.build(session) as Record<string, unknown>;
        if (event.content && mustHideContent(session, event.content)) hideContent(payload);
        session.dispatch(event.t, JSON.stringify(payload));
      } else {
        shared ??= JSON.stringify(event.d);
        session.dispatch(event.t, shared);
      }
    }
  }

  private accepts(session: GatewaySession, event: DispatchEvent): boolean {
    if (event.applicationId && session.applicationId !== event.applicationId) return false;
    if (event.intent && (session.intents & event.intent) === 0) return false;
    if (event.guildId) {
      if (shardOf(event.guildId, session.shard[1]) !== session.shard[0]) return false;
      if (event.ignoreMembership) return true;
      return this.store.guilds.get(event.guildId)?.members.has(session.botUserId) ?? false;
    }
    if (event.recipientIds) return session.shard[0] === 0 && event.recipientIds.includes(session.botUserId);
    return event.applicationId !== undefined;
  }

  /** Sessions matching the filter (all when empty). */
  select(filter: SessionFilter = {}): GatewaySession[] {
    return [...this.sessions.values()].filter(
      (s) =>
        (filter.sessionId === undefined || s.sessionId === filter.sessionId) &&
        (filter.applicationId === undefined || s.applicationId === filter.applicationId) &&
        (filter.shardId === undefined || s.shard[0] === filter.shardId),
    );
  }

  list(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => s.info());
  }

  /** Kills the sockets without a close frame (a network drop): clients reconnect and RESUME. */
  drop(filter: SessionFilter = {}): number {
    let count = 0;
    for (const session of this.select(filter)) {
      if (!session.socket) continue;
      session.socket.terminate();
      count += 1;
    }
    return count;
  }

  /** Sends op 7 RECONNECT: clients close, reconnect and RESUME. */
  reconnect(filter: SessionFilter = {}): number {
    let count = 0;
    for (const session of this.select(filter)) {
      session.socket?.send(frame(Op.RECONNECT, null));
      count += 1;
    }
    return count;
  }

  /** Sends op 9 INVALID_SESSION; when not resumable the session is ended, so clients must IDENTIFY again. */
  invalidate(filter: SessionFilter = {}, resumable = false): number {
    let count = 0;
    for (const session of this.select(filter)) {
      session.socket?.send(frame(Op.INVALID_SESSION, resumable));
      if (!resumable) this.end(session);
      count += 1;
    }
    return count;
  }

  /** Closes every socket and forgets every session (emulator shutdown). */
  closeAll(): void {
    for (const session of this.sessions.values()) {
      session.socket?.terminate();
      session.end();
    }
    this.sessions.clear();
  }
}

function mustHideContent(
  session: GatewaySession,
  content: { authorId: string; mentionIds: string[]; dm: boolean },
): boolean {
  if ((session.intents & Intent.MESSAGE_CONTENT) !== 0 || content.dm) return false;
  return content.authorId !== session.botUserId && !content.mentionIds.includes(session.botUserId);
}

/** What Discord blanks without MESSAGE_CONTENT. */
function hideContent(message: Record<string, unknown>): void {
  message.content = '';
  message.embeds = [];
  message.attachments = [];
  message.components = [];
  delete message.poll;
}
