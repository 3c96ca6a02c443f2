import { afterEach, describe, expect, it } from 'vitest';
import { type LastFmEmulator, startLastFmEmulator } from '../../emulators/lastfm/index.ts';
import { createNetGuard, type NetGuard } from '../../net-guard/index.ts';
import type { ListenInput } from '../listen-input.ts';
import { LastFmClient, NeedsRelinking, RateLimited } from './index.ts';

const NOW_S = 1_790_000_000;

function listens(count: number, startS = NOW_S - 10 * count): ListenInput[] {
  return Array.from({ length: count }, (_, i) => ({
    userId: '100000000000000001',
    playedAt: new Date((startS + 10 * i) * 1000),
    msPlayed: 200_000,
    source: 'discord-voice',
    track: {
      title: `Track ${i}`,
      artists: ['The Quiet Harbour', 'Guest'],
      album: 'Harbour Lights',
      durationMs: 212_400,
    },
  }));
}

describe('LastFmClient against the emulator', () => {
  let lastfm: LastFmEmulator;
  let guard: NetGuard;
  afterEach(async () => {
    await lastfm?.close();
    await guard?.close();
  });

  const clientWith = (sharedSecret: string) =>
    new LastFmClient({
      apiUrl: lastfm.url,
      authUrl: lastfm.authUrl,
      apiKey: lastfm.apiKey,
      sharedSecret,
      guard,
      timeoutMs: 5000,
    });

  async function setUp() {
    lastfm = await startLastFmEmulator({ now: () => NOW_S * 1000 });
    lastfm.createUser('ada');
    // The emulator listens on loopback, which the guard lets through only when told to.
    guard = createNetGuard({ allow: ['127.0.0.1'] });
    return { client: clientWith(lastfm.sharedSecret), sk: lastfm.createSession('ada') };
  }

  it('links through web auth: the auth page redirects with a token that becomes a session key once', async () => {
    const { client } = await setUp();
    const page = await fetch(client.authorizeUrl('http://panel.test/listening/lastfm/callback?state=s1'), {
      redirect: 'manual',
    });
    const callback = new URL(page.headers.get('location') ?? '');
    expect(callback.searchParams.get('state')).toBe('s1');
    const token = callback.searchParams.get('token') ?? '';
    const session = await client.getSession(token);
    expect(session).toEqual({ userName: 'ada', sessionKey: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(lastfm.accounts.userOfSession(session.sessionKey)).toBe('ada');
    const replay = await client.getSession(token).catch((e: unknown) => e);
    expect(replay).toBeInstanceOf(NeedsRelinking);
    expect(replay).toMatchObject({ code: 4 });
  });

  it('scrobbles 120 listens in signed batches of 50, each once', async () => {
    const { client, sk } = await setUp();
    const all = listens(120);
    const result = await client.scrobble(sk, [...all, all[5] as ListenInput]);
    expect(result).toEqual({ sent: 120, accepted: 120, ignored: [], requests: 3 });
    expect(lastfm.requestCount('track.scrobble')).toBe(3);
    const stored = lastfm.scrobbles('ada');
    expect(stored).toHaveLength(120);
    expect(stored.at(-1)).toMatchObject({
      artist: 'The Quiet Harbour',
      track: 'Track 0',
      album: 'Harbour Lights',
      timestamp: NOW_S - 1200,
      duration: 212,
    });
  });

  it('sends one scrobble without [i] and reports ignored ones with their codes', async () => {
    const { client, sk } = await setUp();
    const single = await client.scrobble(sk, listens(1));
    expect(single).toMatchObject({ sent: 1, accepted: 1 });
    const old = listens(2, NOW_S - 20 * 86_400);
    const result = await client.scrobble(sk, [...old, ...listens(1)]);
    expect(result.accepted).toBe(1);
    expect(result.ignored.map(({ code, message }) => ({ code, message }))).toEqual([
      { code: 3, message: 'Timestamp too old' },
      { code: 3, message: 'Timestamp too old' },
    ]);
  });

  it('updates now playing', async () => {
    const { client, sk } = await setUp();
    await client.updateNowPlaying(sk, (listens(1)[0] as ListenInput).track);
    expect(lastfm.nowPlaying('ada')).toMatchObject({
      artist: 'The Quiet Harbour',
      track: 'Track 0',
      duration: 212,
    });
  });

  it('says a revoked session needs re-linking (9) and a wrong secret is permanent (13)', async () => {
    const { client, sk } = await setUp();
    lastfm.revokeSessions('ada');
    const revoked = await client.scrobble(sk, listens(3)).catch((e: unknown) => e);
    expect(revoked).toBeInstanceOf(NeedsRelinking);
    expect(revoked).toMatchObject({ code: 9, sent: 0 });
    const misconfigured = clientWith('wrong-secret');
    const fresh = lastfm.createSession('ada');
    const unsigned = await misconfigured
      .updateNowPlaying(fresh, (listens(1)[0] as ListenInput).track)
      .catch((e: unknown) => e);
    expect(unsigned).toMatchObject({ kind: 'permanent', code: 13 });
  });

  it('backs off on error 29, longer each time in a row, and says how many listens went through', async () => {
    const { client, sk } = await setUp();
    lastfm.forceRateLimited(2);
    const first = await client.scrobble(sk, listens(3)).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(RateLimited);
    expect(first).toMatchObject({ code: 29, retryAfterMs: 30_000, retryable: true });
    const second = await client.scrobble(sk, listens(3)).catch((e: unknown) => e);
    expect(second).toMatchObject({ code: 29, retryAfterMs: 60_000 });
    expect((await client.scrobble(sk, listens(3))).accepted).toBe(3);
    lastfm.forceRateLimited(1);
    expect(await client.scrobble(sk, listens(3)).catch((e: unknown) => e)).toMatchObject({
      retryAfterMs: 30_000,
    });
  });

  it('stops at a failed batch, saying how many went through, so the rest is sent later exactly once', async () => {
    const { client, sk } = await setUp();
    const all = listens(120, NOW_S - 5000);
    lastfm.forceRateLimited(1, 1);
    const error = await client.scrobble(sk, all).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'rate-limited', sent: 50 });
    expect(lastfm.scrobbles('ada')).toHaveLength(50);
    const rest = await client.scrobble(sk, all.slice((error as RateLimited).sent));
    expect(rest).toMatchObject({ sent: 70, accepted: 70 });
    expect(lastfm.scrobbles('ada')).toHaveLength(120);
    expect(lastfm.requestCount('track.scrobble')).toBe(4); // 50 ✓, 50 ✗ (29), then 50 ✓ and 20 ✓
  });

  it('calls errors 11 and 16 (even with HTTP 200) and a refused connection retryable', async () => {
    const { client, sk } = await setUp();
    await lastfm.goDown('offline');
    expect(await client.scrobble(sk, listens(2)).catch((e: unknown) => e)).toMatchObject({
      kind: 'retryable',
      code: 11,
    });
    lastfm.errorsWithStatus200(true);
    await lastfm.goDown('temporary');
    expect(await client.scrobble(sk, listens(2)).catch((e: unknown) => e)).toMatchObject({
      kind: 'retryable',
      code: 16,
    });
    await lastfm.goDown('refused');
    const refused = await client.scrobble(sk, listens(2)).catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'retryable', code: null });
    await lastfm.comeBack();
    expect((await client.scrobble(sk, listens(2))).accepted).toBe(2);
    expect(lastfm.scrobbles('ada')).toHaveLength(2);
  });
});
