import { randomInt } from 'node:crypto';
import type { WebSocket } from 'ws';
import { LavalinkHttpError } from '../lavalink-error.ts';
import { Session, type SessionDeps } from './session.ts';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ID_LENGTH = 16;

/** A Lavalink-style session id: 16 random lowercase letters and digits. */
function newSessionId(): string {
  let id = '';
  for (let index = 0; index < ID_LENGTH; index++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

/** Who is connecting, from the websocket handshake headers. */
export interface SessionHandshake {
  userId: string;
  clientName: string | undefined;
  /** The `Session-Id` header: the session the client wants to resume. */
  resumeId: string | undefined;
}

/** The node's sessions, by id. */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly deps: Omit<SessionDeps, 'onDestroyed'>) {}

  /** A session to resume: one that exists, belongs to the same bot and has no client now. */
  resumable(handshake: SessionHandshake): Session | undefined {
    if (!handshake.resumeId) return undefined;
    const session = this.sessions.get(handshake.resumeId);
    if (!session || session.connected || session.isDestroyed || session.userId !== handshake.userId)
      return undefined;
    return session;
  }

  /** Attaches a socket to the resumable session, or to a new one. */
  open(socket: WebSocket, handshake: SessionHandshake, resume: Session | undefined): Session {
    if (resume && !resume.connected && !resume.isDestroyed) {
      resume.attach(socket, true);
      return resume;
    }
    let id = newSessionId();
    while (this.sessions.has(id)) id = newSessionId();
    const session = new Session(id, handshake.userId, handshake.clientName, {
      ...this.deps,
      onDestroyed: (gone) => {
        if (this.sessions.get(gone.id) === gone) this.sessions.delete(gone.id);
      },
    });
    this.sessions.set(id, session);
    session.attach(socket, false);
    return session;
  }

  /**
   * The session for a REST call.
   *
   * @throws LavalinkHttpError 404 when there is no such session.
   */
  get(sessionId: string): Session {
    const session = this.sessions.get(sessionId);
    if (!session || session.isDestroyed) throw new LavalinkHttpError(404, 'Session not found');
    return session;
  }

  /**
   * Frees a guild for `session`: a player the same bot still has in a session waiting for a
   * resume is destroyed, since the client came back as a new session instead (a bot has one
   * voice connection per guild, and the engine allows one player per guild and bot).
   */
  async releaseGuildElsewhere(session: Session, guildId: string): Promise<void> {
    for (const other of this.sessions.values()) {
      if (other === session || other.userId !== session.userId || other.connected) continue;
      if (other.players.has(guildId)) await other.destroyPlayer(guildId);
    }
  }

  all(): IterableIterator<Session> {
    return this.sessions.values();
  }

  /** Destroys every session (the node is stopping). */
  async closeAll(): Promise<void> {
    await Promise.allSettled(
      [...this.sessions.values()].map((session) => session.destroy(1001, 'node stopping')),
    );
  }
}
