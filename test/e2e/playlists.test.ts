/**
 * /playlist end to end: `gramophone start` against the Discord emulator, playlists kept in
 * the embedded database, loaded into the queue and heard on the emulator's voice server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shownToUser } from '../support/shown-to-user.ts';
import {
  ANSWER_TIMEOUTS,
  type MusicWorld,
  SETUP_TIMEOUT_MS,
  startMusicWorld,
  until,
} from './support/music-world.ts';

let world: MusicWorld;

beforeAll(async () => {
  world = await startMusicWorld();
  await world.start(['start']);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await world?.close();
});

const playlist = async (
  userId: string,
  subcommand: string,
  options: Record<string, string | number | boolean> = {},
) =>
  shownToUser(
    world.emulator,
    await world.emulator.control.slashCommand({
      channelId: world.ids.textChannelId,
      userId,
      command: 'playlist',
      subcommand,
      options,
      ...ANSWER_TIMEOUTS,
    }),
  );
const nameChoices = (userId: string, subcommand: string, typed: string) =>
  world.emulator.control.autocomplete({
    channelId: world.ids.textChannelId,
    userId,
    command: 'playlist',
    subcommand,
    options: { name: typed },
    focused: 'name',
    ...ANSWER_TIMEOUTS,
  });
const listed = async (userId: string) => JSON.stringify((await playlist(userId, 'list')).embeds);

describe('/playlist against the emulator', () => {
  it('creates a playlist, adds two local files and lists it, all privately', async () => {
    const created = await playlist(world.ids.alice, 'create', { name: '  Road Trip ' });
    expect(created).toMatchObject({ ephemeral: true, content: 'Created the playlist **Road Trip**.' });
    for (const file of ['alpha-440.ogg', 'bravo-660.ogg']) {
      const added = await playlist(world.ids.alice, 'add', { name: 'road trip', query: world.file(file) });
      expect(added.ephemeral).toBe(true);
      expect(added.content).toBe(`Added **${file.replace('.ogg', '')}** to **Road Trip**.`);
    }
    expect(await listed(world.ids.alice)).toContain('**Road Trip** — 2 tracks');
  }, 30_000);

  it('refuses a duplicate name, an unknown playlist and a position out of range, ephemerally', async () => {
    const duplicate = await playlist(world.ids.alice, 'create', { name: 'ROAD TRIP' });
    expect(duplicate).toMatchObject({
      ephemeral: true,
      content: 'You already have a playlist called “ROAD TRIP”.',
    });
    const unknown = await playlist(world.ids.alice, 'load', { name: 'Nowhere' });
    expect(unknown).toMatchObject({ ephemeral: true, content: 'You have no playlist called “Nowhere”.' });
    const addToUnknown = await playlist(world.ids.alice, 'add', {
      name: 'Nowhere',
      query: world.file('charlie-880.ogg'),
    });
    expect(addToUnknown).toMatchObject({
      ephemeral: true,
      content: 'You have no playlist called “Nowhere”.',
    });
    const outOfRange = await playlist(world.ids.alice, 'remove', { name: 'Road Trip', position: 3 });
    expect(outOfRange).toMatchObject({
      ephemeral: true,
      content: 'Pick a position between 1 and 2 in “Road Trip”.',
    });
    expect(await listed(world.ids.alice)).toContain('**Road Trip** — 2 tracks');
  }, 30_000);

  it('renames it and offers it in autocomplete', async () => {
    const renamed = await playlist(world.ids.alice, 'rename', {
      name: 'Road Trip',
      'new-name': 'Night Drive',
    });
    expect(renamed).toMatchObject({ ephemeral: true, content: 'Renamed **Road Trip** to **Night Drive**.' });
    const choices = await nameChoices(world.ids.alice, 'load', 'night');
    expect(choices.choices).toEqual([{ name: 'Night Drive (2 tracks)', value: 'Night Drive' }]);
    expect((await nameChoices(world.ids.bob, 'load', '')).choices).toEqual([]);
  }, 30_000);

  it('loads it into the queue, and the bot plays it in the voice channel', async () => {
    world.joinVoice(world.ids.alice);
    const loaded = await playlist(world.ids.alice, 'load', { name: 'night drive' });
    expect(loaded).toMatchObject({ ephemeral: false, content: 'Queued 2 tracks from **Night Drive**.' });
    await world.voice.waitForPackets(world.ids.guildId, 100, 15_000);
    await until(() => {
      const end = world.heardMs();
      expect(Math.abs(world.heardHz(end - 1200, end - 200) - 440)).toBeLessThan(10);
    });
    const queue = JSON.stringify((await world.slash(world.ids.alice, 'queue')).embeds);
    expect(queue).toMatch(/Now playing[\s\S]*alpha-440[\s\S]*Up next[\s\S]*bravo-660/);
  }, 40_000);

  it('saves the queue as a new playlist, shares it with the server, and deletes it', async () => {
    const saved = await playlist(world.ids.alice, 'save', { name: 'Tonight' });
    expect(saved).toMatchObject({ ephemeral: true, content: 'Saved 2 tracks as **Tonight**.' });
    const shared = await playlist(world.ids.alice, 'share', { name: 'Tonight', state: 'on' });
    expect(shared.content).toContain('Shared **Tonight** with this server');
    expect(await listed(world.ids.bob)).toContain(`**Tonight** — 2 tracks · shared by <@${world.ids.alice}>`);
    expect((await nameChoices(world.ids.bob, 'load', 'to')).choices).toEqual([
      { name: 'Tonight (2 tracks, shared)', value: 'Tonight' },
    ]);
    expect((await nameChoices(world.ids.bob, 'delete', 'to')).choices).toEqual([]);
    const changeByOther = await playlist(world.ids.bob, 'delete', { name: 'Tonight' });
    expect(changeByOther).toMatchObject({
      ephemeral: true,
      content: 'You have no playlist called “Tonight”.',
    });
    const deleted = await playlist(world.ids.alice, 'delete', { name: 'tonight' });
    expect(deleted).toMatchObject({ ephemeral: true, content: 'Deleted the playlist **Tonight**.' });
    const remaining = await listed(world.ids.alice);
    expect(remaining).toContain('Night Drive');
    expect(remaining).not.toContain('Tonight');
    expect(await listed(world.ids.bob)).toContain('You have no playlists yet');
  }, 30_000);
});
