/**
 * The music page's playlists over HTTP, through a real gateway role (discord.js on the
 * emulator) on the in-memory bus: the list comes from the database, playing one is the
 * gateway's `music.playlist` command with /playlist load's rules. Playing into a live voice
 * channel is the browser suite's (test/browser/music.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlaylistService, type PlaylistTrack } from '../../src/playlists/index.ts';
import { databaseKinds } from '../support/databases.ts';
import { aQueuedTrack } from '../support/music-snapshots.ts';
import { type Browser, logIn, type PanelHarness, startPanel } from './support.ts';

const OTHER_GUILD = '999999999999999999';

const aPlaylistTrack = (title: string): PlaylistTrack => {
  const { encoded, info } = aQueuedTrack(title);
  return { encoded, info };
};

describe.each(databaseKinds())('playlists on the music page (%s)', (kind) => {
  let panel: PanelHarness;
  let owner: Browser;
  let guildId: string;
  let alice: string;
  let bob: string;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    panel = await startPanel({ kind, gateway: true });
    const demo = panel.emulator.demo!;
    guildId = demo.guildId;
    [alice, bob] = demo.memberIds as [string, string];
    owner = await logIn(panel, demo.ownerId);
    const playlists = new PlaylistService(panel.database);
    const seed = async (ownerId: string, name: string, shared: string | null, titles: string[]) => {
      const created = await playlists.create(ownerId, name, shared);
      if (titles.length > 0) await playlists.addTracks(ownerId, name, titles.map(aPlaylistTrack));
      ids[name] = created.id;
    };
    await seed(demo.ownerId, 'Zebra crossing', null, ['alpha-440', 'bravo-660']);
    await seed(demo.ownerId, 'Empty', null, []);
    await seed(alice, 'Alice shares', guildId, ['charlie-880']);
    await seed(alice, 'Alice elsewhere', OTHER_GUILD, ['delta-550']);
    await seed(bob, 'Bob private', null, ['echo-990']);
  });
  afterAll(async () => {
    await panel?.close();
  });

  const play = (id: number | string, payload: object = {}, csrf = true) =>
    owner.request({ method: 'POST', url: `/api/guilds/${guildId}/playlists/${id}/play`, payload, csrf });

  it("lists the caller's playlists, then those shared with this server, with their track counts", async () => {
    const response = await owner.request({ method: 'GET', url: `/api/guilds/${guildId}/playlists` });
    expect(response.statusCode).toBe(200);
    const { playlists } = response.json();
    expect(playlists).toEqual([
      expect.objectContaining({ name: 'Empty', trackCount: 0, own: true, shared: false }),
      expect.objectContaining({ name: 'Zebra crossing', trackCount: 2, own: true, shared: false }),
      expect.objectContaining({
        name: 'Alice shares',
        trackCount: 1,
        own: false,
        shared: true,
        ownerId: alice,
      }),
    ]);
    expect(playlists[1].id).toBe(ids['Zebra crossing']);
    expect(new Date(playlists[1].updatedAt).getTime()).not.toBeNaN();
  });

  it('refuses to list for someone who is not logged in', async () => {
    const response = await panel.app.inject({ method: 'GET', url: `/api/guilds/${guildId}/playlists` });
    expect(response.statusCode).toBe(401);
  });

  it("answers 404 for another member's private playlist or one shared with another server", async () => {
    for (const name of ['Bob private', 'Alice elsewhere']) {
      const response = await play(ids[name] as number);
      expect(response.statusCode, name).toBe(404);
      expect(response.json()).toMatchObject({ error: 'PLAYLIST_NOT_FOUND' });
    }
    const missing = await play(987654);
    expect(missing.json()).toMatchObject({ error: 'PLAYLIST_NOT_FOUND' });
  });

  it('answers 409 PLAYLIST_EMPTY for an empty playlist', async () => {
    const response = await play(ids.Empty as number);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      error: 'PLAYLIST_EMPTY',
      message: 'The playlist “Empty” is empty.',
      details: { name: 'Empty' },
    });
  });

  it("applies an add's rules: starting playback needs the caller in a voice channel", async () => {
    const response = await play(ids['Alice shares'] as number, { next: false });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toBe('NOT_IN_VOICE');
  });

  it('describes both routes in the OpenAPI document', async () => {
    const document = (await panel.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const list = document.paths['/api/guilds/{guildId}/playlists'].get;
    expect(JSON.stringify(list.responses['200'])).toContain('#/components/schemas/PanelPlaylist');
    expect(Object.keys(document.components.schemas.PanelPlaylist.properties)).toEqual(
      expect.arrayContaining(['id', 'name', 'trackCount', 'own', 'shared']),
    );
    const playRoute = document.paths['/api/guilds/{guildId}/playlists/{playlistId}/play'].post;
    expect(Object.keys(playRoute.responses)).toEqual(expect.arrayContaining(['200', '404', '409', '503']));
    expect(JSON.stringify(playRoute.requestBody)).toContain('next');
  });

  it('validates the id and the body, naming the field, and needs the CSRF token', async () => {
    const badId = await play('abc');
    expect(badId.statusCode).toBe(400);
    expect(JSON.stringify(badId.json().details)).toContain('playlistId');
    for (const payload of [{ next: 'yes' }, { shuffle: true }]) {
      const response = await play(ids['Zebra crossing'] as number, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().error).toBe('VALIDATION_FAILED');
    }
    const noToken = await play(ids['Zebra crossing'] as number, {}, false);
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error).toBe('CSRF_FAILED');
  });
});
