import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type LastFmEmulator, lastFmSignature, startLastFmEmulator } from './index.ts';

const NOW_S = 1_790_000_000;

describe('Last.fm emulator', () => {
  let lastfm: LastFmEmulator;
  let clock = NOW_S * 1000;
  afterEach(() => lastfm?.close());

  async function start() {
    clock = NOW_S * 1000;
    lastfm = await startLastFmEmulator({ now: () => clock });
    lastfm.createUser('ada');
    return lastfm;
  }
  const signed = (params: Record<string, string>) => {
    const form = new URLSearchParams({ api_key: lastfm.apiKey, ...params });
    form.set('api_sig', lastFmSignature(form, lastfm.sharedSecret));
    form.set('format', 'json');
    return form;
  };
  const post = (form: URLSearchParams) =>
    fetch(`${lastfm.url}/2.0/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: form.toString(),
    });
  // biome-ignore lint/suspicious/noExplicitAny: a wire body under test, checked field by field
  const json = async (response: Response): Promise<any> => response.json();

  it('signs as lastfm-docs says: sorted raw name+value pairs, format excluded, secret appended, md5', () => {
    const params = new URLSearchParams({
      method: 'auth.getSession',
      token: 'tök',
      api_key: 'k',
      format: 'json',
    });
    params.set('artist[10]', 'b');
    params.set('artist[1]', 'a');
    const expected = createHash('md5')
      .update('api_keykartist[10]bartist[1]amethodauth.getSessiontokentöksecret', 'utf8')
      .digest('hex');
    expect(lastFmSignature(params, 'secret')).toBe(expected);
  });

  it('approves on the auth page as the chosen user and turns the token into a session key once', async () => {
    await start();
    lastfm.approveAs('grace');
    const page = await fetch(
      `${lastfm.authUrl}?api_key=${lastfm.apiKey}&cb=${encodeURIComponent('http://app.test/cb?x=1')}`,
      {
        redirect: 'manual',
      },
    );
    expect(page.status).toBe(302);
    const location = new URL(page.headers.get('location') ?? '');
    expect(location.searchParams.get('x')).toBe('1');
    const token = location.searchParams.get('token') ?? '';
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    const session = await post(signed({ method: 'auth.getSession', token }));
    const body = await json(session);
    expect(body).toEqual({
      session: { subscriber: 0, name: 'grace', key: expect.stringMatching(/^[0-9a-f]{32}$/) },
    });
    const again = await post(signed({ method: 'auth.getSession', token }));
    expect(await json(again)).toEqual({ error: 4, message: 'Invalid authentication token supplied' });
  });

  it('answers error 15 for a token older than 60 minutes and XML without format=json', async () => {
    await start();
    const token = lastfm.accounts.issueToken('ada');
    clock += 61 * 60 * 1000;
    const form = signed({ method: 'auth.getSession', token });
    form.delete('format');
    const response = await post(form);
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(await response.text()).toContain(
      '<lfm status="failed">\n<error code="15">This token has expired</error>',
    );
  });

  it('refuses a bad signature (13), a bad session key (9), an unknown key (10) and method (3)', async () => {
    await start();
    const sk = lastfm.createSession('ada');
    const form = signed({ method: 'track.updateNowPlaying', artist: 'A', track: 'T', sk });
    form.set('artist', 'B');
    const tampered = await post(form);
    expect(tampered.status).toBe(403);
    expect(await json(tampered)).toEqual({ error: 13, message: 'Invalid method signature supplied' });
    expect(
      await json(await post(signed({ method: 'track.updateNowPlaying', artist: 'A', track: 'T', sk: 'x' }))),
    ).toEqual({
      error: 9,
      message: 'Invalid session key - Please re-authenticate',
    });
    const unknownKey = signed({ method: 'track.scrobble', sk });
    unknownKey.set('api_key', 'nope');
    expect((await json(await post(unknownKey))).error).toBe(10);
    expect((await json(await post(signed({ method: 'track.love', sk })))).error).toBe(3);
  });

  it('stores now playing and answers with the corrected fields', async () => {
    await start();
    const sk = lastfm.createSession('ada');
    const answer = await json(
      await post(
        signed({
          method: 'track.updateNowPlaying',
          artist: 'The Quiet Harbour',
          track: 'Paper Lanterns',
          sk,
        }),
      ),
    );
    expect(answer.nowplaying.track).toEqual({ corrected: '0', '#text': 'Paper Lanterns' });
    expect(answer.nowplaying.ignoredMessage).toEqual({ code: '0', '#text': '' });
    expect(lastfm.nowPlaying('ada')).toMatchObject({ artist: 'The Quiet Harbour', track: 'Paper Lanterns' });
  });

  it('accepts a batch in array notation, reports ignored items with their codes, and keeps repeats once', async () => {
    await start();
    const sk = lastfm.createSession('ada');
    const params: Record<string, string> = { method: 'track.scrobble', sk };
    const items = [
      ['A', 'One', NOW_S - 600],
      ['A', 'Two', NOW_S - 300],
      ['A', 'Old', NOW_S - 15 * 86_400],
      ['A', 'Future', NOW_S + 7200],
      ['A', 'One', NOW_S - 600],
    ] as const;
    items.forEach(([artist, track, timestamp], i) => {
      params[`artist[${i}]`] = artist;
      params[`track[${i}]`] = track;
      params[`timestamp[${i}]`] = String(timestamp);
    });
    const answer = await json(await post(signed(params)));
    expect(answer.scrobbles['@attr']).toEqual({ accepted: 3, ignored: 2 });
    expect(
      answer.scrobbles.scrobble.map((s: { ignoredMessage: { code: string } }) => s.ignoredMessage.code),
    ).toEqual(['0', '0', '3', '4', '0']);
    expect(lastfm.scrobbles('ada').map((s) => s.track)).toEqual(['Two', 'One']);
  });

  it('answers one scrobble as an object and refuses a 51st item or a missing timestamp with error 6', async () => {
    await start();
    const sk = lastfm.createSession('ada');
    const one = await json(
      await post(signed({ method: 'track.scrobble', sk, artist: 'A', track: 'T', timestamp: String(NOW_S) })),
    );
    expect(Array.isArray(one.scrobbles.scrobble)).toBe(false);
    expect(one.scrobbles.scrobble.timestamp).toBe(String(NOW_S));
    const tooMany = await post(
      signed({ method: 'track.scrobble', sk, 'artist[50]': 'A', 'track[50]': 'T', 'timestamp[50]': '1' }),
    );
    expect(await json(tooMany)).toEqual({
      error: 6,
      message: 'Invalid parameters - Your request is missing a required parameter',
    });
    expect(
      (await json(await post(signed({ method: 'track.scrobble', sk, artist: 'A', track: 'T' })))).error,
    ).toBe(6);
  });

  it('fails on demand with 29, 11, 16, refused connections and HTTP 200 errors, and counts requests', async () => {
    await start();
    const sk = lastfm.createSession('ada');
    const nowPlaying = () => post(signed({ method: 'track.updateNowPlaying', artist: 'A', track: 'T', sk }));
    lastfm.forceRateLimited(1);
    const limited = await nowPlaying();
    expect(limited.status).toBe(429);
    expect((await json(limited)).error).toBe(29);
    await lastfm.goDown('offline');
    expect((await json(await nowPlaying())).error).toBe(11);
    await lastfm.goDown('temporary');
    lastfm.errorsWithStatus200(true);
    const temporary = await nowPlaying();
    expect(temporary.status).toBe(200);
    expect((await json(temporary)).error).toBe(16);
    await lastfm.goDown('refused');
    await expect(nowPlaying()).rejects.toThrow();
    await fetch(`${lastfm.controlUrl}/control/comeBack`, { method: 'POST' });
    expect((await nowPlaying()).status).toBe(200);
    expect(lastfm.requestCount('track.updateNowPlaying')).toBe(4);
  });
});
