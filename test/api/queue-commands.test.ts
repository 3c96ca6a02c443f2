import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotAnswer } from '../../src/emulators/discord/index.ts';
import { makeAudioFile } from '../audio-sources/support/audio-fixtures.ts';
import { AudioTestServer } from '../audio-sources/support/audio-server.ts';
import { shownToUser } from '../support/shown-to-user.ts';
import { type MusicStack, startMusicStack, type ToneFile } from './music-stack.ts';

/**
 * /forward and /rewind (a seek from where the track is), /removedupes and /leavecleanup (upcoming
 * tracks out, through the queue operation that saves before it answers) on the whole stack: the
 * emulator, the built-in audio node playing 60 s tones from its folder — and, for a track that
 * can't be seeked, a radio-like endless stream from a local HTTP server the node is allowed to
 * fetch from.
 */
describe('/forward, /rewind, /removedupes and /leavecleanup', () => {
  let stack: MusicStack;
  let radio: AudioTestServer;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gramophone-queue-commands-'));
    radio = await AudioTestServer.start();
    radio.endless('/live', await makeAudioFile(dir, 'radio', 'mp3', 3, { title: 'Radio' }), {
      'content-type': 'audio/mpeg',
    });
    stack = await startMusicStack('pglite', { AUDIO_HTTP_ALLOW: '127.0.0.1' });
    stack.emulator.control.joinVoice({ channelId: stack.ids.voiceChannelId, userId: stack.ids.ownerId });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await radio?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const shown = async (answer: BotAnswer) => shownToUser(stack.emulator, answer);
  const said = async (
    userId: string,
    command: string,
    options: Record<string, string | number | boolean> = {},
  ) => (await shown(await stack.slash(userId, command, options))).content;
  const owner = (command: string, options: Record<string, string | number | boolean> = {}) =>
    said(stack.ids.ownerId, command, options);
  const queue = (userId: string, tone: ToneFile) => said(userId, 'play', { query: stack.file(tone) });
  const upcomingTitles = async () => (await stack.snapshot()).upcoming.map((track) => track.info.title);
  /** The upcoming tracks as saved in `music_players`: the database agrees with memory. */
  const savedUpcomingTitles = async () => {
    const saved = await stack.saved();
    return (saved?.tracks ?? []).slice((saved?.currentIndex ?? -1) + 1).map((track) => track.info.title);
  };

  it('jumps 10 s forward unless told, and back, stopping at the start of the track', async () => {
    expect(await queue(stack.ids.ownerId, 'alpha-440.ogg')).toBe('Now playing **alpha-440**.');
    const before = (await stack.snapshot()).positionMs;
    expect(await owner('forward')).toMatch(/^Jumped forward to 0:1\d\.$/);
    const forward = (await stack.snapshot()).positionMs;
    expect(forward - before).toBeGreaterThanOrEqual(10_000);
    expect(forward - before).toBeLessThan(15_000);

    expect(await owner('rewind', { seconds: 5 })).toMatch(/^Jumped back to 0:(0[5-9]|1\d)\.$/);
    const back = (await stack.snapshot()).positionMs;
    expect(back).toBeLessThan(forward);
    expect(back).toBeGreaterThanOrEqual(forward - 5_000);

    expect(await owner('rewind', { seconds: 600 })).toBe('Jumped back to 0:00.');
    expect((await stack.snapshot()).positionMs).toBeLessThan(5_000);
  }, 60_000);

  it('refuses to jump past the end of the track, privately', async () => {
    const refusal = await stack.privateAnswer(
      await stack.slash(stack.ids.ownerId, 'forward', { seconds: 120 }),
    );
    // The tones are a minute long.
    expect(refusal).toMatch(/^The track is only (1:00|0:59) long\.$/);
    expect((await stack.snapshot()).positionMs).toBeLessThan(60_000);
  }, 60_000);

  it('removes upcoming duplicates, keeping the first of each, in memory and in the database', async () => {
    // alpha-440 plays; it is not an upcoming duplicate of itself.
    for (const tone of [
      'bravo-660.ogg',
      'alpha-440.ogg',
      'charlie-880.ogg',
      'bravo-660.ogg',
      'alpha-440.ogg',
    ] as const) {
      await queue(stack.ids.ownerId, tone);
    }
    expect(await upcomingTitles()).toEqual([
      'bravo-660',
      'alpha-440',
      'charlie-880',
      'bravo-660',
      'alpha-440',
    ]);
    expect(await owner('removedupes')).toBe('Removed 2 duplicates from the queue.');
    expect(await upcomingTitles()).toEqual(['bravo-660', 'alpha-440', 'charlie-880']);
    expect(await savedUpcomingTitles()).toEqual(['bravo-660', 'alpha-440', 'charlie-880']);
    expect((await stack.snapshot()).current?.info.title).toBe('alpha-440');

    expect(await owner('removedupes')).toBe('There are no duplicates in the queue.');
    expect(await upcomingTitles()).toEqual(['bravo-660', 'alpha-440', 'charlie-880']);
  }, 60_000);

  it('removes the upcoming tracks of members who left the voice channel, and only theirs', async () => {
    const { alice, voiceChannelId } = stack.ids;
    stack.emulator.control.joinVoice({ channelId: voiceChannelId, userId: alice });
    await queue(alice, 'charlie-880.ogg');
    await queue(alice, 'bravo-660.ogg');
    expect(await owner('leavecleanup')).toBe(
      'Nothing to remove: everyone with tracks in the queue is still here.',
    );

    stack.emulator.control.leaveVoice({ userId: alice, guildId: stack.ids.guildId });
    expect(await owner('leavecleanup')).toBe('Removed 2 tracks of members who left.');
    expect(await upcomingTitles()).toEqual(['bravo-660', 'alpha-440', 'charlie-880']);
    expect(await savedUpcomingTitles()).toEqual(['bravo-660', 'alpha-440', 'charlie-880']);
    expect((await stack.snapshot()).upcoming.every((track) => track.requesterId === stack.ids.ownerId)).toBe(
      true,
    );
  }, 60_000);

  it('lets a member who is not a DJ take out only their own tracks, once a DJ role is set', async () => {
    // Bob (the demo's Alice holds the DJ role).
    const bob = stack.emulator.demo?.memberIds[1] as string;
    const djRoleId = stack.emulator.demo?.djRoleId as string;
    const set = await stack.emulator.control.slashCommand({
      channelId: stack.ids.textChannelId,
      userId: stack.ids.ownerId,
      command: 'settings',
      subcommandGroup: 'set',
      subcommand: 'dj-role',
      options: { role: djRoleId },
      answerTimeoutMs: 15_000,
    });
    expect((await shown(set)).ephemeral).toBe(true);
    stack.emulator.control.joinVoice({ channelId: stack.ids.voiceChannelId, userId: bob });
    await queue(bob, 'charlie-880.ogg');
    await queue(bob, 'charlie-880.ogg');
    // Both removed copies are his: no DJ needed.
    expect(await said(bob, 'removedupes')).toBe('Removed 2 duplicates from the queue.');
    expect(await upcomingTitles()).toEqual(['bravo-660', 'alpha-440', 'charlie-880']);

    await queue(stack.ids.ownerId, 'bravo-660.ogg');
    const refusal = await stack.privateAnswer(await stack.slash(bob, 'removedupes'));
    expect(refusal).toBe('Only DJs can do that (the DJ role or Manage Server).');
    expect(await upcomingTitles()).toEqual(['bravo-660', 'alpha-440', 'charlie-880', 'bravo-660']);
    expect(await savedUpcomingTitles()).toEqual(['bravo-660', 'alpha-440', 'charlie-880', 'bravo-660']);
    expect(await owner('removedupes')).toBe('Removed 1 duplicate from the queue.');
  }, 60_000);

  it('refuses to jump in a live stream, which cannot be seeked', async () => {
    expect(await owner('play', { query: radio.url('/live'), now: true })).toMatch(/^Now playing/);
    expect((await stack.snapshot()).current?.info.isStream).toBe(true);
    const refusal = await stack.privateAnswer(await stack.slash(stack.ids.ownerId, 'forward'));
    expect(refusal).toBe('This track cannot be seeked.');
    const rewind = await stack.privateAnswer(await stack.slash(stack.ids.ownerId, 'rewind'));
    expect(rewind).toBe('This track cannot be seeked.');
  }, 60_000);
});
