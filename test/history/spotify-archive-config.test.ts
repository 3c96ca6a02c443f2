import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { CronSignatureVerifier, signCronRequest } from '../../src/history/spotify-link/index.ts';

describe('Spotify archival configuration', () => {
  it('defaults to a 30-minute round and a breaker of 5 failures for 60 minutes', () => {
    expect(parseConfig({})).toMatchObject({
      SPOTIFY_POLL_MINUTES: 30,
      HISTORY_BREAKER_FAILURES: 5,
      HISTORY_BREAKER_COOLDOWN_MINUTES: 60,
    });
    expect(parseConfig({}).CRON_SIGNING_KEY).toBeUndefined();
  });

  it('refuses bad values naming the variable', () => {
    expect(() => parseConfig({ SPOTIFY_POLL_MINUTES: '0' })).toThrow(/SPOTIFY_POLL_MINUTES/);
    expect(() => parseConfig({ SPOTIFY_POLL_MINUTES: '1441' })).toThrow(/SPOTIFY_POLL_MINUTES/);
    expect(() => parseConfig({ HISTORY_BREAKER_FAILURES: 'many' })).toThrow(/HISTORY_BREAKER_FAILURES/);
    expect(() => parseConfig({ HISTORY_BREAKER_COOLDOWN_MINUTES: '-1' })).toThrow(
      /HISTORY_BREAKER_COOLDOWN_MINUTES/,
    );
    expect(() => parseConfig({ CRON_SIGNING_KEY: 'short' })).toThrow(/CRON_SIGNING_KEY/);
  });
});

describe('CronSignatureVerifier', () => {
  const key = 'x'.repeat(32);
  it('forgets a signature once it is stale anyway, and remembers it until then', () => {
    let now = Date.parse('2026-03-01T12:00:00Z');
    const verifier = new CronSignatureVerifier(key, () => now);
    const t = now / 1000;
    const signature = signCronRequest(key, '', t);
    expect(verifier.verify(signature, '')).toBe('ok');
    now += 4 * 60_000;
    expect(verifier.verify(signature, '')).toBe('replayed');
    now += 2 * 60_000;
    expect(verifier.verify(signature, '')).toBe('stale');
  });
});
