import { describe, expect, it } from 'vitest';
import { callerRequestIdOf, loggableUrl } from './index.ts';

describe('request log lines', () => {
  it('drop the query string of every /api/auth URL', () => {
    expect(loggableUrl('/api/auth/discord/callback?code=c0de&state=st4te')).toBe(
      '/api/auth/discord/callback?[redacted]',
    );
    expect(loggableUrl('/api/auth?x=1')).toBe('/api/auth?[redacted]');
    expect(loggableUrl('/api/auth/me')).toBe('/api/auth/me');
    // The listening-history link callbacks carry codes and tokens too.
    expect(loggableUrl('/api/me/history/spotify/callback?code=c0de&state=st4te')).toBe(
      '/api/me/history/spotify/callback?[redacted]',
    );
    expect(loggableUrl('/api/me/history/listens?q=x')).toBe('/api/me/history/listens?q=x');
  });

  it('keep the query string elsewhere', () => {
    expect(loggableUrl('/api/guilds/1/analytics?range=7d')).toBe('/api/guilds/1/analytics?range=7d');
    expect(loggableUrl('/api/authors?x=1')).toBe('/api/authors?x=1');
  });

  it('take a caller’s X-Request-Id only when well-formed', () => {
    expect(callerRequestIdOf({ 'x-request-id': 'req-abc-123' })).toBe('req-abc-123');
    expect(callerRequestIdOf({ 'x-request-id': 'bad id\n<script>' })).toBeUndefined();
    expect(callerRequestIdOf({})).toBeUndefined();
  });
});
