import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * The correlation id of the work in progress: set where work enters (an HTTP request, a bus
 * message, a job) and read by the logger and by anything that hands work on, so one id
 * follows a piece of work across roles and processes.
 */
const storage = new AsyncLocalStorage<string>();

export function newCorrelationId(): string {
  return randomUUID();
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore();
}

/** Runs `fn` with `id` as the current correlation id (a new one when `id` is absent). */
export function withCorrelationId<T>(id: string | undefined, fn: () => T): T {
  return storage.run(id ?? newCorrelationId(), fn);
}
