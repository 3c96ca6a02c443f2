import { afterEach, describe, expect, it } from 'vitest';
import { type ListenBrainzEmulator, startListenBrainzEmulator } from '../../emulators/listenbrainz/index.ts';
import { createNetGuard, type NetGuard } from '../../net-guard/index.ts';
import type { ListenInput } from '../listen-input.ts';
import { ListenBrainzClient, NeedsRelinking, RateLimited, ScrobbleError } from './index.ts';

const NOW_S = 1_790_000_000;

function listens(count: number, title = (i: number) => `Track ${i}`): ListenInput[] {
  return Array.from({ length: count }, (_, i) => ({
    userId: '100000000000000001',
    playedAt: new Date((NOW_S - 10 * (count - i)) * 1000),
    msPlayed: 200_000,
    source: 'discord-voice',
    track: {
      title: title(i),
      artists: ['The Quiet Harbour', 'Guest'],
      album: 'Harbour Lights',
      durationMs: 212_400,
    },
  }));
}

describe('ListenBrainzClient against the emulator', () => {
  let lb: ListenBrainzEmulator;
  let guard: NetGuard;
  let clock = NOW_S * 1000;
  afterEach(async () => {
    await lb?.close();
    await guard?.close();
  });

  async function setUp(options: { limit?: number; batchSize?: number } = {}) {
    clock = NOW_S * 1000;
    lb = await startListenBrainzEmulator({
      now: () => clock,
      rateLimit: { limit: options.limit ?? 1000, windowS: 10 },
    });
    // The emulator listens on loopback, which the guard lets through only when told to.
    guard = createNetGuard({ allow: ['127.0.0.1'] });
    const client = new ListenBrainzClient({
      baseUrl: lb.url,
      guard,
      timeoutMs: 5000,
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    });
    return { client, token: lb.createUser('ada', 'tok-ada').token };
  }

  it('validates a token and names its user', async () => {
    const { client, token } = await setUp();
    expect(await client.validateToken(token)).toEqual({ valid: true, userName: 'ada' });
    expect(await client.validateToken('not-a-token')).toEqual({ valid: false });
    expect(lb.requests.every((request) => request.userAgent?.startsWith('Gramophone/'))).toBe(true);
  });

  it('submits 2,500 listens in batches of 1,000, each once, and repeats within the call once', async () => {
    const { client, token } = await setUp();
    const all = listens(2500);
    const result = await client.submitListens(token, [...all, all[0] as ListenInput]);
    expect(result).toEqual({
      sent: 2500,
      skipped: [],
      requests: 3,
      rateLimit: { limit: 1000, remaining: 997, resetInMs: 10_000 },
    });
    expect(lb.requestCount('/1/submit-listens')).toBe(3);
    const stored = lb.listens('ada');
    expect(stored).toHaveLength(2500);
    expect(stored.at(-1)).toMatchObject({
      listenedAt: NOW_S - 25_000,
      listenType: 'import',
      trackMetadata: {
        artist_name: 'The Quiet Harbour, Guest',
        track_name: 'Track 0',
        release_name: 'Harbour Lights',
        additional_info: { duration_ms: 212_400, submission_client: 'Gramophone' },
      },
    });
  });

  it('sends one listen as `single`, now playing as `playing_now`, and leaves out listens LB would refuse', async () => {
    const { client, token } = await setUp();
    const [one] = listens(1);
    await client.submitPlayingNow(token, (one as ListenInput).track);
    expect(lb.playingNow('ada')?.trackMetadata.track_name).toBe('Track 0');
    const untitled = listens(1, () => ' ')[0] as ListenInput;
    const result = await client.submitListens(token, [one as ListenInput, untitled]);
    expect(result.sent).toBe(1);
    expect(result.skipped).toEqual([untitled]);
    expect(lb.listens('ada').map((listen) => listen.listenType)).toEqual(['single']);
  });

  it('turns a 429 into RateLimited with the window’s X-RateLimit-Reset-In', async () => {
    const { client, token } = await setUp();
    clock = (NOW_S + 3) * 1000;
    lb.forceRateLimited(1);
    const error = await client.submitListens(token, listens(3)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimited);
    expect(error).toMatchObject({ kind: 'rate-limited', retryAfterMs: 7000, sent: 0, retryable: true });
    expect(lb.listens('ada')).toEqual([]);
  });

  it('stops before a used-up window instead of earning a 429, then resumes with what was not sent', async () => {
    const { client, token } = await setUp({ limit: 2, batchSize: 10 });
    const all = listens(30);
    const error = await client.submitListens(token, all).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimited);
    expect(error).toMatchObject({ sent: 20, retryAfterMs: 10_000 });
    expect(lb.requests.map((request) => request.status)).toEqual([200, 200]);
    clock = (NOW_S + 10) * 1000;
    expect((await client.submitListens(token, all.slice((error as RateLimited).sent))).sent).toBe(10);
    expect(lb.listens('ada')).toHaveLength(30);
    expect(lb.requests.filter((request) => request.status === 429)).toEqual([]);
  });

  it('says a refused token needs re-linking', async () => {
    const { client } = await setUp();
    const error = await client.submitListens('revoked', listens(2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NeedsRelinking);
    expect(error).toMatchObject({ kind: 'needs-relinking', code: 401, retryable: false });
    expect((error as Error).message).toContain('Invalid authorization token.');
  });

  it('calls an outage retryable, a 503 and a refused connection alike, and sends once it is back', async () => {
    const { client, token } = await setUp();
    await lb.goDown('unavailable');
    const unavailable = await client.submitListens(token, listens(2)).catch((e: unknown) => e);
    expect(unavailable).toMatchObject({ kind: 'retryable', code: 503, sent: 0 });
    await lb.goDown('refused');
    const refused = await client.submitListens(token, listens(2)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ScrobbleError);
    expect(refused).toMatchObject({ kind: 'retryable', code: null });
    expect((refused as Error).message).toMatch(/connection refused/);
    await lb.comeBack();
    expect((await client.submitListens(token, listens(2))).sent).toBe(2);
    expect(lb.listens('ada')).toHaveLength(2);
  });

  it('calls a payload LB rejects permanent', async () => {
    const { client, token } = await setUp();
    const future = { ...(listens(1)[0] as ListenInput), playedAt: new Date((NOW_S + 7200) * 1000) };
    const error = await client.submitListens(token, [future]).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'permanent', code: 400 });
    expect((error as Error).message).toMatch(/listened_at is too high/);
  });
});
