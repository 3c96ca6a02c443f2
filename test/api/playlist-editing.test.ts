/**
 * Editing playlists on the panel (#14 item 9): create, rename, share, reorder, remove tracks,
 * delete — the caller's own and, as a manager, those shared with the server — each audited
 * under the caller's name. Over HTTP with a real gateway role (the guild guard asks it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlaylistService, type PlaylistTrack } from '../../src/playlists/index.ts';
import { databaseKinds } from '../support/databases.ts';
import { aQueuedTrack } from '../support/music-snapshots.ts';
import { type Browser, logIn, type PanelHarness, startPanel } from './support.ts';

const aPlaylistTrack = (title: string): PlaylistTrack => {
  const { encoded, info } = aQueuedTrack(title);
  return { encoded, info };
};

describe.each(databaseKinds())('editing playlists on the panel (%s)', (kind) => {
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
    await seed(alice, 'Alice shares', guildId, ['alpha', 'bravo', 'charlie']);
    await seed(bob, 'Bob private', null, ['delta']);
  });
  afterAll(async () => {
    await panel?.close();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: object) =>
    owner.request({
      method,
      url: `/api/guilds/${guildId}/playlists${path}`,
      ...(payload ? { payload } : {}),
    });
  const titlesOf = (body: { tracks: { title: string }[] }) => body.tracks.map((track) => track.title);
  const auditEntries = async () =>
    (await owner.request({ method: 'GET', url: `/api/guilds/${guildId}/audit?limit=50` })).json().entries as {
      action: string;
      actorId: string;
      target: string;
      changes: Record<string, unknown>;
    }[];

  it('creates a playlist of the caller’s, private or shared with the server', async () => {
    const created = await call('POST', '', { name: '  Road trip ', shared: true });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({ name: 'Road trip', own: true, shared: true, tracks: [] });
    ids['Road trip'] = created.json().id;
    const twice = await call('POST', '', { name: 'road TRIP' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({
      error: 'PLAYLIST_EXISTS',
      message: 'You already have a playlist called “road TRIP”.',
    });
    const blank = await call('POST', '', { name: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error).toBe('PLAYLIST_BAD_NAME');
  });

  it('shows a shared playlist with its tracks, and renames it as a manager', async () => {
    const id = ids['Alice shares'] as number;
    const shown = await call('GET', `/${id}`);
    expect(shown.statusCode).toBe(200);
    expect(titlesOf(shown.json())).toEqual(['alpha', 'bravo', 'charlie']);
    const renamed = await call('PATCH', `/${id}`, { name: 'Friday mix' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Friday mix', own: false, shared: true, ownerId: alice });
  });

  it('reorders and removes tracks, positions counted from 1', async () => {
    const id = ids['Alice shares'] as number;
    const moved = await call('POST', `/${id}/tracks/move`, { from: 3, to: 1 });
    expect(moved.statusCode).toBe(200);
    expect(titlesOf(moved.json())).toEqual(['charlie', 'alpha', 'bravo']);
    const removed = await call('DELETE', `/${id}/tracks/2`);
    expect(removed.statusCode).toBe(200);
    expect(titlesOf(removed.json())).toEqual(['charlie', 'bravo']);
    expect(removed.json().trackCount).toBe(2);
    const outside = await call('POST', `/${id}/tracks/move`, { from: 1, to: 3 });
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({ error: 'PLAYLIST_BAD_POSITION', details: { max: 2 } });
  });

  it("leaves sharing and deleting to the owner, and others' private playlists alone", async () => {
    const shared = ids['Alice shares'] as number;
    const unshare = await call('PATCH', `/${shared}`, { shared: false });
    expect(unshare.statusCode).toBe(403);
    expect(unshare.json().error).toBe('NOT_OWNER');
    expect((await call('DELETE', `/${shared}`)).statusCode).toBe(403);
    const privateOne = ids['Bob private'] as number;
    for (const response of [
      await call('GET', `/${privateOne}`),
      await call('PATCH', `/${privateOne}`, { name: 'Mine now' }),
      await call('DELETE', `/${privateOne}/tracks/1`),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.json().error).toBe('PLAYLIST_NOT_FOUND');
    }
  });

  it('stops sharing its own playlist and deletes it', async () => {
    const id = ids['Road trip'] as number;
    const privately = await call('PATCH', `/${id}`, { shared: false });
    expect(privately.json()).toMatchObject({ shared: false });
    const deleted = await call('DELETE', `/${id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await call('GET', `/${id}`)).statusCode).toBe(404);
  });

  it('audits every edit under the caller, naming the playlist and the track', async () => {
    const entries = (await auditEntries()).filter((entry) => entry.action.startsWith('playlist.'));
    expect(entries.map((entry) => entry.action).reverse()).toEqual([
      'playlist.create',
      'playlist.rename',
      'playlist.move',
      'playlist.remove',
      'playlist.share',
      'playlist.delete',
    ]);
    expect(new Set(entries.map((entry) => entry.actorId))).toEqual(new Set([panel.emulator.demo!.ownerId]));
    expect(entries.find((entry) => entry.action === 'playlist.rename')?.changes).toMatchObject({
      name: { before: 'Alice shares', after: 'Friday mix' },
      ownerId: alice,
    });
    expect(entries.find((entry) => entry.action === 'playlist.remove')?.changes).toMatchObject({
      position: 2,
      title: 'alpha',
    });
  });

  it('needs the CSRF token and validates bodies, naming the field', async () => {
    const noToken = await owner.request({
      method: 'POST',
      url: `/api/guilds/${guildId}/playlists`,
      payload: { name: 'x' },
      csrf: false,
    });
    expect(noToken.statusCode).toBe(403);
    const bad = await call('POST', `/${ids['Alice shares']}/tracks/move`, { from: 0, to: 'top' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().details)).toContain('to');
  });
});
