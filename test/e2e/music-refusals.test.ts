/**
 * What the music bot refuses, end to end: each bad input gets an ephemeral reply that says
 * why, and the persisted queue stays as it was. Also the DJ rule and vote-skip.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GramophoneProcess } from '../support/gramophone-process.ts';
import { type PersistedQueue, persistedQueue } from './support/bot-api.ts';
import {
  ANSWER_TIMEOUTS,
  type MusicWorld,
  SETUP_TIMEOUT_MS,
  startMusicWorld,
  until,
} from './support/music-world.ts';

let world: MusicWorld;
let bot: GramophoneProcess;
let port: string;

beforeAll(async () => {
  world = await startMusicWorld();
  ({ process: bot, port } = await world.startAll());
  world.joinVoice(world.ids.alice);
  await world.slash(world.ids.alice, 'play', { query: world.file('alpha-440.ogg') });
  await world.slash(world.ids.alice, 'play', { query: world.file('bravo-660.ogg') });
  await world.voice.waitForPackets(world.ids.guildId, 25, 15_000);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await world?.close();
});

const persisted = () => persistedQueue(bot, port, world.ids.guildId);

/** `/settings set <name>` as the guild owner. */
const setSetting = (name: string, options: Record<string, string | number | boolean>) =>
  world.emulator.control.slashCommand({
    channelId: world.ids.textChannelId,
    userId: world.ids.ownerId,
    command: 'settings',
    subcommandGroup: 'set',
    subcommand: name,
    options,
    ...ANSWER_TIMEOUTS,
  });

/** The queue without what moves on its own (the position). */
const shape = ({ positionMs: _position, ...rest }: PersistedQueue & { updatedAt?: string }) => {
  const { updatedAt: _updated, ...stable } = rest as typeof rest & { updatedAt?: string };
  return stable;
};

async function expectRefusal(
  userId: string,
  command: string,
  options: Parameters<MusicWorld['slash']>[2],
  says: RegExp,
) {
  const before = shape(await persisted());
  const answer = await world.slash(userId, command, options);
  expect(answer.ephemeral, `${command}: ${answer.content}`).toBe(true);
  expect(answer.content).toMatch(says);
  expect(shape(await persisted())).toEqual(before);
}

describe('music refusals', () => {
  it('refuses to play for someone not in a voice channel', async () => {
    await expectRefusal(
      world.ids.carol,
      'play',
      { query: world.file('charlie-880.ogg') },
      /Join a voice channel first/,
    );
  });

  it('says when nothing matches a search', async () => {
    await expectRefusal(
      world.ids.alice,
      'play',
      { query: 'qqzx nothing like this exists' },
      /Nothing found for “qqzx/,
    );
  });

  it('says when a URL cannot be loaded', async () => {
    await expectRefusal(
      world.ids.alice,
      'play',
      { query: 'http://127.0.0.1:1/gone.mp3' },
      /Could not load “http:\/\/127\.0\.0\.1:1\/gone\.mp3”/,
    );
  });

  it('refuses a seek past the end of the track, and a time it cannot read', async () => {
    await expectRefusal(world.ids.alice, 'seek', { time: '59:00' }, /^The track is only \d+:\d\d long\.$/);
    await expectRefusal(world.ids.alice, 'seek', { time: 'soon' }, /Give a time like 1:30/);
  });

  it('refuses a queue page that does not exist, and a position out of range', async () => {
    await expectRefusal(world.ids.alice, 'queue', { page: 9 }, /There is only 1 page\./);
    await expectRefusal(
      world.ids.alice,
      'remove',
      { position: 7 },
      /Only one track is queued: pick position 1\./,
    );
    await expectRefusal(
      world.ids.alice,
      'move',
      { from: 1, to: 4 },
      /Only one track is queued: pick position 1\./,
    );
  });

  it('refuses control from another voice channel', async () => {
    const other = world.emulator.control.createChannel({
      guildId: world.ids.guildId,
      name: 'Elsewhere',
      type: 'voice',
    }) as { id: string };
    world.emulator.control.joinVoice({ channelId: other.id, userId: world.ids.bob });
    await expectRefusal(world.ids.bob, 'pause', {}, /You need to be in <#/);
    world.joinVoice(world.ids.bob);
  });

  it('keeps /stop for DJs once a DJ role is set, and makes others vote to skip', async () => {
    const set = await setSetting('dj-role', { role: world.ids.djRoleId });
    expect(set.ephemeral).toBe(true);
    world.joinVoice(world.ids.carol);
    await until(async () => expect((await persisted()).current).not.toBeNull());
    await expectRefusal(world.ids.bob, 'stop', {}, /Only DJs can do that/);
    // Listeners: alice, bob and carol; half of them, rounded up, must vote.
    const first = await world.slash(world.ids.bob, 'skip');
    expect(first.content).toMatch(/Vote recorded: 1\/2/);
    expect((await persisted()).current?.title).toBe('alpha-440');
    await expectRefusal(world.ids.bob, 'skip', {}, /already voted/);
    const second = await world.slash(world.ids.carol, 'skip');
    expect(second.content).toMatch(/Skipped/);
    expect((await persisted()).current?.title).toBe('bravo-660');
  });

  it('refuses a track when the queue is full', async () => {
    expect((await setSetting('max-queue-length', { value: 1 })).ephemeral).toBe(true);
    await world.slash(world.ids.alice, 'play', { query: world.file('charlie-880.ogg') });
    await expectRefusal(
      world.ids.alice,
      'play',
      { query: world.file('delta-550.ogg') },
      /The queue is full \(1 track\)/,
    );
  });
});
