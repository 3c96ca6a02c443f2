/**
 * Errors a bus caller can meet. The `code` is the contract (stable, matched by callers and
 * rendered in API answers); the message is for humans.
 */

/** Code of the reply sent when a handler throws something other than a BusCommandError. */
export const INTERNAL_ERROR_CODE = 'INTERNAL';

/** Base class, so callers can tell bus failures from their own with one `instanceof`. */
export abstract class BusError extends Error {
  abstract readonly code: string;
}

/** Nobody listens at the address, or nobody there handles the command. */
export class BusNoHandlerError extends BusError {
  readonly code = 'NO_HANDLER';
  constructor(
    readonly address: string,
    readonly command: string,
  ) {
    super(`No handler for command "${command}" at bus address "${address}"`);
    this.name = 'BusNoHandlerError';
  }
}

/** A handler exists (or may exist) but its reply did not come in time. */
export class BusTimeoutError extends BusError {
  readonly code = 'TIMEOUT';
  constructor(
    readonly address: string,
    readonly command: string,
    readonly timeoutMs: number,
  ) {
    super(`No reply to command "${command}" from bus address "${address}" within ${timeoutMs} ms`);
    this.name = 'BusTimeoutError';
  }
}

/** The transport is down (Redis disconnected) or the bus was closed. */
export class BusUnavailableError extends BusError {
  readonly code = 'BUS_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BusUnavailableError';
  }
}

/** A payload (or reply) that does not survive JSON, such as a BigInt or a circular object. */
export class BusPayloadError extends BusError {
  readonly code = 'INVALID_PAYLOAD';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BusPayloadError';
  }
}

/**
 * An expected failure of a command handler (`QUEUE_FULL`, `NOT_IN_VOICE`…). Thrown by a
 * handler, it travels back to the requester, where it is thrown again with the same code,
 * message and details. `details` must be JSON-serializable.
 */
export class BusCommandError extends BusError {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'BusCommandError';
  }
}
