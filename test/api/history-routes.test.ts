import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListenArchive, type ListenInput } from '../../src/history/index.ts';
import { databaseKinds } from '../support/databases.ts';
import { type Browser, logIn, type PanelHarness, startPanel } from './support.ts';

const START = Date.parse('2026-03-01T00:00:00Z');

/** The n-th play of a day of listening: one every 4 minutes. */
function aListen(userId: string, n: number, overrides: Partial<ListenInput> = {}): ListenInput {
  const playedAt = new Date(START + n * 240_000);
  return {
    userId,
    playedAt,
    endedAt: new Date(playedAt.getTime() + 200_000),
    msPlayed: 200_000,
    source: n % 3 === 0 ? 'discord-voice' : 'spotify-import',
    track: {
      title: `Song ${n}`,
      artists: [n % 2 ? 'Portishead' : 'Massive Attack'],
      album: n % 2 ? 'Dummy' : null,
    },
    ...overrides,
  };
}

describe.each(databaseKinds())('the caller’s listening history in the panel (%s)', (kind) => {
  let panel: PanelHarness;
  let alice: Browser;
  let owner: Browser;

  beforeAll(async () => {
    panel = await startPanel({ kind });
    alice = await logIn(panel, panel.emulator.demo!.memberIds[0]!);
    owner = await logIn(panel, panel.emulator.demo!.ownerId);
    const archive = new ListenArchive(panel.database);
    await archive.store(Array.from({ length: 30 }, (_, n) => aListen(alice.userId, n)));
    await archive.store([
      aListen(owner.userId, 100, { track: { title: 'Owner only', artists: ['Someone'] } }),
    ]);
  });
  afterAll(async () => {
    await panel?.close();
  });

  it('pages through the caller’s listens newest first, and only theirs', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `limit=12${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await alice.request({ method: 'GET', url: `/api/me/history/listens?${query}` });
      expect(response.statusCode).toBe(200);
      const page = response.json() as { listens: { track: { title: string } }[]; nextCursor: string | null };
      seen.push(...page.listens.map((listen) => listen.track.title));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, n) => `Song ${29 - n}`));
  });

  it('filters by source, date range and words in the title, artists or album', async () => {
    const get = async (query: string) => {
      const response = await alice.request({ method: 'GET', url: `/api/me/history/listens?${query}` });
      expect(response.statusCode).toBe(200);
      return (response.json() as { listens: { track: { title: string }; source: string }[] }).listens;
    };
    const voice = await get('source=discord-voice&limit=200');
    expect(voice).toHaveLength(10);
    expect(new Set(voice.map((listen) => listen.source))).toEqual(new Set(['discord-voice']));
    const from = new Date(START + 10 * 240_000).toISOString();
    const to = new Date(START + 13 * 240_000).toISOString();
    expect((await get(`from=${from}&to=${to}`)).map((l) => l.track.title)).toEqual([
      'Song 12',
      'Song 11',
      'Song 10',
    ]);
    expect(await get('q=dummy&limit=200')).toHaveLength(15);
    expect((await get('q=song%2025')).map((l) => l.track.title)).toEqual(['Song 25']);
    expect(await get('q=owner')).toEqual([]);
    expect(await get('q=100%25')).toEqual([]);
  });

  it('refuses bad queries with the field named, and anyone not logged in', async () => {
    const bad = async (query: string) => {
      const response = await alice.request({ method: 'GET', url: `/api/me/history/listens?${query}` });
      expect(response.statusCode).toBe(400);
      return response.json() as { error: string; details?: unknown };
    };
    expect(JSON.stringify(await bad('source=napster'))).toContain('source');
    expect(JSON.stringify(await bad('limit=1000'))).toContain('limit');
    expect(JSON.stringify(await bad('from=yesterday'))).toContain('from');
    expect(JSON.stringify(await bad('from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z'))).toContain('to');
    expect(JSON.stringify(await bad('user=someone'))).toContain('user');
    expect((await bad('cursor=bm90LWEtY3Vyc29y')).error).toBe('INVALID_CURSOR');
    const anonymous = await panel.app.inject({ method: 'GET', url: '/api/me/history/listens' });
    expect(anonymous.statusCode).toBe(401);
    expect((await panel.app.inject({ method: 'GET', url: '/api/me/history/settings' })).statusCode).toBe(401);
  });

  it('keeps voice history off until the user turns it on, per user', async () => {
    const get = async (browser: Browser) =>
      (await browser.request({ method: 'GET', url: '/api/me/history/settings' })).json();
    expect(await get(alice)).toEqual({ voiceHistory: false });
    const saved = await alice.request({
      method: 'PUT',
      url: '/api/me/history/settings',
      payload: { voiceHistory: true },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ voiceHistory: true });
    expect(await get(alice)).toEqual({ voiceHistory: true });
    expect(await get(owner)).toEqual({ voiceHistory: false });
    const off = await alice.request({
      method: 'PUT',
      url: '/api/me/history/settings',
      payload: { voiceHistory: false },
    });
    expect(off.json()).toEqual({ voiceHistory: false });
  });

  it('refuses a settings change without the CSRF token or with a bad body', async () => {
    const noCsrf = await alice.request({
      method: 'PUT',
      url: '/api/me/history/settings',
      payload: { voiceHistory: true },
      csrf: false,
    });
    expect(noCsrf.statusCode).toBe(403);
    for (const payload of [{}, { voiceHistory: 'yes' }, { voiceHistory: true, extra: 1 }]) {
      const response = await alice.request({ method: 'PUT', url: '/api/me/history/settings', payload });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toBe('VALIDATION_FAILED');
    }
    expect((await alice.request({ method: 'GET', url: '/api/me/history/settings' })).json()).toEqual({
      voiceHistory: false,
    });
  });
});
