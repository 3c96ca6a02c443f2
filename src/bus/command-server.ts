import { type Logger, withCorrelationId } from '../logging/index.ts';
import { type BusChannels, type CommandEnvelope, encodeEnvelope, type ReplyEnvelope } from './envelope.ts';
import { BusCommandError, INTERNAL_ERROR_CODE } from './errors.ts';
import type { BusTransport } from './transport.ts';
import type { CommandHandler } from './types.ts';

interface CommandServerOptions {
  instanceId: string;
  logger: Logger;
  channels: BusChannels;
  transport: BusTransport;
}

/**
 * The answering side of commands: runs the handler registered for (address, command) and
 * publishes its reply on the requester's reply channel. Only BusCommandError crosses the bus
 * as itself; anything else becomes a generic INTERNAL reply (no stack leaves the process).
 */
export class CommandServer {
  readonly #handlers = new Map<string, Map<string, CommandHandler<unknown, unknown>>>();

  constructor(private readonly options: CommandServerOptions) {}

  /** Registers a handler; returns the function that removes it. */
  add(address: string, command: string, handler: CommandHandler<unknown, unknown>): () => void {
    let commands = this.#handlers.get(address);
    if (!commands) {
      commands = new Map();
      this.#handlers.set(address, commands);
    }
    if (commands.has(command)) {
      throw new Error(
        `Command "${command}" at bus address "${address}" already has a handler in this process`,
      );
    }
    commands.set(command, handler);
    return () => {
      if (commands.get(command) !== handler) return;
      commands.delete(command);
      if (commands.size === 0 && this.#handlers.get(address) === commands) this.#handlers.delete(address);
    };
  }

  listensAt(address: string): boolean {
    return (this.#handlers.get(address)?.size ?? 0) > 0;
  }

  clear(): void {
    this.#handlers.clear();
  }

  /** Answers one command; never throws (it runs detached from the message listener). */
  async serve(envelope: CommandEnvelope): Promise<void> {
    const handler = this.#handlers.get(envelope.address)?.get(envelope.command);
    const base = { v: 1, kind: 'reply', id: envelope.id, source: this.options.instanceId } as const;
    if (!handler) {
      await this.#reply(envelope, { ...base, status: 'no_handler' });
      return;
    }
    await withCorrelationId(envelope.correlationId, async () => {
      const context = {
        command: envelope.command,
        address: envelope.address,
        source: envelope.source,
        correlationId: envelope.correlationId,
      };
      let reply: ReplyEnvelope;
      try {
        reply = { ...base, status: 'ok', payload: await handler(envelope.payload, context) };
      } catch (error) {
        reply = this.#errorReply(envelope, base, error);
      }
      await this.#reply(envelope, reply);
    });
  }

  #errorReply(
    envelope: CommandEnvelope,
    base: Pick<ReplyEnvelope, 'v' | 'kind' | 'id' | 'source'>,
    error: unknown,
  ): ReplyEnvelope {
    if (error instanceof BusCommandError) {
      return {
        ...base,
        status: 'error',
        error: { code: error.code, message: error.message, details: error.details },
      };
    }
    this.options.logger.error(
      { address: envelope.address, command: envelope.command, err: error },
      'Bus command handler failed unexpectedly',
    );
    return this.#internal(envelope, base);
  }

  #internal(
    envelope: CommandEnvelope,
    base: Pick<ReplyEnvelope, 'v' | 'kind' | 'id' | 'source'>,
  ): ReplyEnvelope {
    return {
      ...base,
      status: 'error',
      error: {
        code: INTERNAL_ERROR_CODE,
        message: `Internal error while handling command "${envelope.command}"`,
      },
    };
  }

  async #reply(envelope: CommandEnvelope, reply: ReplyEnvelope): Promise<void> {
    const { logger, transport, channels } = this.options;
    let message: string;
    try {
      message = encodeEnvelope(reply);
    } catch (error) {
      // A result or details JSON cannot carry: the handler's bug, answered as INTERNAL.
      logger.error({ command: envelope.command, err: error }, 'Bus command reply is not JSON-serializable');
      message = encodeEnvelope(this.#internal(envelope, reply));
    }
    try {
      await transport.publish(channels.reply(envelope.source), message);
    } catch (error) {
      logger.warn({ command: envelope.command, err: error }, 'Bus unavailable: command reply dropped');
    }
  }
}
