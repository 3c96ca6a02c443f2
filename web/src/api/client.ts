/**
 * The dashboard's one way to call the api: JSON in and out, the session cookie sent along, the
 * CSRF token on every write, and failures turned into `ApiError` with the api's code, message
 * and field paths (so forms can put each message next to its field).
 */

import type { ApiErrorBody, FieldIssue } from '../../../src/api/contract.ts';

export type { FieldIssue };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The api's error code (`VALIDATION_FAILED`, `DJ_ONLY`, …), or `NETWORK` when no answer came. */
    readonly code: string,
    message: string,
    readonly details: unknown = undefined,
    readonly requestId: string | undefined = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The field issues of a validation failure (empty for any other error). */
  get fieldIssues(): FieldIssue[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is FieldIssue => typeof d === 'object' && d !== null && typeof d.path === 'string',
    );
  }
}

let csrfToken: string | null = null;

/** Set from `GET /api/auth/me`; sent as `X-CSRF-Token` on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, 'NETWORK', (error as Error).message || 'The server could not be reached.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const payload = (parsed ?? {}) as Partial<ApiErrorBody>;
    throw new ApiError(
      response.status,
      payload.error ?? `HTTP_${response.status}`,
      payload.message ?? response.statusText,
      payload.details,
      payload.requestId,
    );
  }
  return parsed as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
