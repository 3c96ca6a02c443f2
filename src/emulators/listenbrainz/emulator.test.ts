import { afterEach, describe, expect, it } from 'vitest';
import { type ListenBrainzEmulator, startListenBrainzEmulator } from './index.ts';

const NOW_S = 1_790_000_000;

describe('ListenBrainz emulator', () => {
  let lb: ListenBrainzEmulator;
  let clock = NOW_S * 1000;
  afterEach(() => lb?.close());

  async function start(limit = 30) {
    clock = NOW_S * 1000;
    lb = await startListenBrainzEmulator({ now: () => clock, rateLimit: { limit, windowS: 10 } });
    return lb.createUser('ada', 'tok-ada').token;
  }
  const submit = (token: string, body: unknown) =>
    fetch(`${lb.url}/1/submit-listens`, {
      method: 'POST',
      headers: { authorization: `Token ${token}`, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const listen = (listenedAt: number, track = 'Paper Lanterns') => ({
    listened_at: listenedAt,
    track_metadata: { artist_name: 'The Quiet Harbour', track_name: track },
  });
  // biome-ignore lint/suspicious/noExplicitAny: a wire body under test, checked field by field
  const json = async (response: Response): Promise<any> => response.json();

  it('validates a token with LB’s exact bodies', async () => {
    const token = await start();
    const valid = await fetch(`${lb.url}/1/validate-token`, { headers: { authorization: `Token ${token}` } });
    expect(valid.status).toBe(200);
    expect(await valid.text()).toBe('{"code":200,"message":"Token valid.","valid":true,"user_name":"ada"}');
    const invalid = await fetch(`${lb.url}/1/validate-token`, { headers: { authorization: 'Token nope' } });
    expect(invalid.status).toBe(200);
    expect(await invalid.text()).toBe('{"code":200,"message":"Token invalid.","valid":false}');
    const legacy = await fetch(`${lb.url}/1/validate-token?token=${token}`);
    expect((await json(legacy)).user_name).toBe('ada');
    const none = await fetch(`${lb.url}/1/validate-token`);
    expect(none.status).toBe(400);
    expect(await json(none)).toEqual({ code: 400, error: 'You need to provide an Authorization token.' });
  });

  it('stores single and import listens once per (listened_at, track_name), newest first', async () => {
    const token = await start();
    expect(
      await json(await submit(token, { listen_type: 'single', payload: [listen(NOW_S - 100)] })),
    ).toEqual({
      status: 'ok',
    });
    const batch = {
      listen_type: 'import',
      payload: [listen(NOW_S - 300), listen(NOW_S - 100), listen(NOW_S - 100, 'Other')],
    };
    expect((await submit(token, batch)).status).toBe(200);
    const stored = lb.listens('ada');
    expect(stored.map((l) => [l.listenedAt, l.trackMetadata.track_name])).toEqual([
      [NOW_S - 100, 'Paper Lanterns'],
      [NOW_S - 100, 'Other'],
      [NOW_S - 300, 'Paper Lanterns'],
    ]);
  });

  it('keeps playing_now apart from the listens', async () => {
    const token = await start();
    const { listened_at: _, ...nowPlaying } = listen(0);
    expect((await submit(token, { listen_type: 'playing_now', payload: [nowPlaying] })).status).toBe(200);
    expect(lb.playingNow('ada')?.trackMetadata.track_name).toBe('Paper Lanterns');
    expect(lb.listens('ada')).toEqual([]);
  });

  it.each([
    ['bad JSON', '{', /^Cannot parse JSON document/],
    ['no listen_type', { payload: [] }, /^Invalid JSON document submitted\.$/],
    ['an unknown listen_type', { listen_type: 'many', payload: [listen(NOW_S)] }, /valid listen_type key/],
    ['an empty payload', { listen_type: 'import', payload: [] }, /does not contain any listens/],
    [
      'two listens as single',
      { listen_type: 'single', payload: [listen(NOW_S), listen(NOW_S - 1)] },
      /only one/,
    ],
    ['listened_at before 2002-10-01', { listen_type: 'single', payload: [listen(1_000_000_000)] }, /too low/],
    [
      'listened_at over an hour ahead',
      { listen_type: 'single', payload: [listen(NOW_S + 3601)] },
      /too high/,
    ],
    [
      'a string listened_at',
      { listen_type: 'single', payload: [listen('1' as unknown as number)] },
      /int value/,
    ],
    [
      'no listened_at',
      { listen_type: 'import', payload: [{ track_metadata: listen(0).track_metadata }] },
      /listened_at/,
    ],
    [
      'an extra top-level key',
      { listen_type: 'single', payload: [{ ...listen(NOW_S), extra: 1 }] },
      /may only contain/,
    ],
    [
      'playing_now with listened_at',
      { listen_type: 'playing_now', payload: [listen(NOW_S)] },
      /must not contain listened_at/,
    ],
    [
      'an empty artist_name',
      {
        listen_type: 'single',
        payload: [{ listened_at: NOW_S, track_metadata: { artist_name: '', track_name: 'x' } }],
      },
      /required track_metadata\.artist_name/,
    ],
    [
      'a missing track_name',
      { listen_type: 'single', payload: [{ listened_at: NOW_S, track_metadata: { artist_name: 'x' } }] },
      /required track_metadata\.track_name/,
    ],
    [
      'duration and duration_ms',
      {
        listen_type: 'single',
        payload: [
          {
            listened_at: NOW_S,
            track_metadata: {
              artist_name: 'a',
              track_name: 'b',
              additional_info: { duration: 1, duration_ms: 1000 },
            },
          },
        ],
      },
      /both duration and duration_ms/,
    ],
    [
      '1001 listens',
      { listen_type: 'import', payload: Array.from({ length: 1001 }, (_, i) => listen(NOW_S - i)) },
      /more than 1000 listens/,
    ],
  ])('answers 400 with LB’s error body for %s', async (_name, body, message) => {
    const token = await start(10_000);
    const response = await submit(token, body);
    expect(response.status).toBe(400);
    const answer = await json(response);
    expect(Object.keys(answer)).toEqual(['code', 'error']);
    expect(answer.code).toBe(400);
    expect(answer.error).toMatch(message);
    expect(lb.listens('ada')).toEqual([]);
  });

  it('answers 401 without a token or with a bad one', async () => {
    await start();
    const none = await fetch(`${lb.url}/1/submit-listens`, { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
    expect(await json(none)).toEqual({ code: 401, error: 'You need to provide an Authorization header.' });
    const bad = await submit('wrong', { listen_type: 'single', payload: [listen(NOW_S)] });
    expect(bad.status).toBe(401);
    expect(await json(bad)).toEqual({ code: 401, error: 'Invalid authorization token.' });
  });

  it('counts requests in fixed 10 s windows with the X-RateLimit headers, then answers 429', async () => {
    const token = await start(2);
    clock = (NOW_S + 3) * 1000; // NOW_S is a multiple of 10: the window ends at NOW_S + 10
    const validate = () =>
      fetch(`${lb.url}/1/validate-token`, { headers: { authorization: `Token ${token}` } });
    const first = await validate();
    expect(Object.fromEntries([...first.headers].filter(([name]) => name.startsWith('x-ratelimit')))).toEqual(
      {
        'x-ratelimit-limit': '2',
        'x-ratelimit-remaining': '1',
        'x-ratelimit-reset-in': '7',
        'x-ratelimit-reset': String(NOW_S + 10),
      },
    );
    expect((await validate()).headers.get('x-ratelimit-remaining')).toBe('0');
    const limited = await validate();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe('text/plain');
    expect(await limited.text()).toMatch(/^You have exceeded your rate limit/);
    clock = (NOW_S + 10) * 1000;
    expect((await validate()).status).toBe(200);
  });

  it('answers 429 on demand, 503 or nothing while down, and counts requests', async () => {
    const token = await start();
    lb.forceRateLimited(1);
    const body = { listen_type: 'single', payload: [listen(NOW_S)] };
    const limited = await submit(token, body);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    await lb.goDown('unavailable');
    expect((await submit(token, body)).status).toBe(503);
    await lb.goDown('refused');
    await expect(submit(token, body)).rejects.toThrow();
    const control = await fetch(`${lb.controlUrl}/control/comeBack`, { method: 'POST' });
    expect(control.status).toBe(200);
    expect((await submit(token, body)).status).toBe(200);
    expect(lb.requestCount('/1/submit-listens')).toBe(3);
    expect(lb.listens('ada')).toHaveLength(1);
  });

  it('creates users and lists listens through the HTTP control API', async () => {
    await start();
    const control = (operation: string, body: unknown) =>
      fetch(`${lb.controlUrl}/control/${operation}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const created = await control('createUser', { userName: 'grace' });
    const { token } = await json(created);
    await submit(token, { listen_type: 'single', payload: [listen(NOW_S - 5)] });
    const listed = await control('listens', { userName: 'grace' });
    expect((await json(listed))[0]).toMatchObject({ listenedAt: NOW_S - 5, listenType: 'single' });
    const invalid = await control('forceRateLimited', { count: -1 });
    expect(invalid.status).toBe(400);
    expect((await json(invalid)).issues[0].path).toBe('count');
    const foreign = await fetch(`${lb.controlUrl}/control/comeBack`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
  });
});
