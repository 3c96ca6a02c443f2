import type { ReplyEnvelope } from './envelope.ts';
import { BusCommandError, BusNoHandlerError, BusTimeoutError } from './errors.ts';

interface PendingRequest {
  address: string;
  command: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  /** Subscribers that received the command; unknown until PUBLISH answers. */
  receivers: number | undefined;
  noHandlerReplies: number;
}

/**
 * Requests waiting for their reply, matched by id. Several instances may listen at one
 * address (only some handling the command), so NO_HANDLER is decided only once every
 * receiver said so, and any real reply wins.
 */
export class PendingRequests {
  readonly #pending = new Map<string, PendingRequest>();

  /** Starts waiting; the timer runs from now. */
  open(id: string, address: string, command: string, timeoutMs: number): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new BusTimeoutError(address, command, timeoutMs));
      }, timeoutMs);
      this.#pending.set(id, {
        address,
        command,
        resolve,
        reject,
        timer,
        receivers: undefined,
        noHandlerReplies: 0,
      });
    });
  }

  /** Records how many subscribers got the command (0: nobody listens, fail now). */
  setReceivers(id: string, receivers: number): void {
    const request = this.#pending.get(id);
    if (!request) return;
    request.receivers = receivers;
    this.#failIfNobodyHandles(id, request);
  }

  /** Settles the matching request; returns false for an unknown id (late or foreign reply). */
  settle(reply: ReplyEnvelope): boolean {
    const request = this.#pending.get(reply.id);
    if (!request) return false;
    if (reply.status === 'no_handler') {
      request.noHandlerReplies += 1;
      this.#failIfNobodyHandles(reply.id, request);
      return true;
    }
    this.#finish(reply.id, request);
    if (reply.status === 'ok') {
      request.resolve(reply.payload);
    } else {
      request.reject(new BusCommandError(reply.error.code, reply.error.message, reply.error.details));
    }
    return true;
  }

  fail(id: string, error: Error): void {
    const request = this.#pending.get(id);
    if (!request) return;
    this.#finish(id, request);
    request.reject(error);
  }

  failAll(error: Error): void {
    for (const id of [...this.#pending.keys()]) this.fail(id, error);
  }

  get size(): number {
    return this.#pending.size;
  }

  #failIfNobodyHandles(id: string, request: PendingRequest): void {
    if (request.receivers !== undefined && request.noHandlerReplies >= request.receivers) {
      this.#finish(id, request);
      request.reject(new BusNoHandlerError(request.address, request.command));
    }
  }

  #finish(id: string, request: PendingRequest): void {
    clearTimeout(request.timer);
    this.#pending.delete(id);
  }
}
