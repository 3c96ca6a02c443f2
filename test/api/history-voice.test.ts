import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistorySettingsRepository } from '../../src/history/index.ts';
import { databaseKinds } from '../support/databases.ts';
import { eventually } from '../support/eventually.ts';
import { type MusicStack, startMusicStack } from './music-stack.ts';

/**
 * Voice plays become listens through the real stack: the emulator's voice states reach the
 * gateway, the music capability ends the play, the history capability credits who heard it.
 * Real time: the rule is 30 s (the tones are 60 s, so half the track is 30 s too).
 */
describe.each(databaseKinds())('voice plays as listens (%s)', (kind) => {
  let stack: MusicStack;
  let bob: string;
  let carol: string;

  beforeAll(async () => {
    stack = await startMusicStack(kind);
    const [, secondMember, thirdMember] = stack.emulator.demo!.memberIds;
    bob = secondMember!;
    carol = thirdMember!;
    // Profiles exist once people log in to the panel; there they opt in (or not).
    for (const [id, name] of [
      [stack.ids.ownerId, 'owner'],
      [stack.ids.alice, 'alice'],
      [bob, 'bob'],
      [carol, 'carol'],
    ]) {
      await stack.database.query('INSERT INTO users (id, username) VALUES ($1, $2)', [id, name]);
    }
    const settings = new HistorySettingsRepository(stack.database);
    await settings.set(stack.ids.ownerId, { voiceHistory: true });
    await settings.set(bob, { voiceHistory: true });
    await settings.set(carol, { voiceHistory: true });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });

  const listensOf = async (userId: string) =>
    (
      await stack.database.query<{ source: string; ms_played: number; title: string }>(
        `SELECT l.source, l.ms_played, t.title FROM history_listens l
           JOIN history_tracks t ON t.id = l.track_id WHERE l.user_id = $1`,
        [userId],
      )
    ).rows;

  it('gives a listen to each opted-in listener who heard 30 s, and to nobody else', async () => {
    const { voiceChannelId: channelId, guildId, ownerId, alice } = stack.ids;
    // Alice has not opted in; Bob has but leaves after 5 s; Carol has, but is deafened.
    for (const userId of [ownerId, alice, bob]) stack.emulator.control.joinVoice({ channelId, userId });
    stack.emulator.control.joinVoice({ channelId, userId: carol, selfDeaf: true });
    await stack.slash(ownerId, 'play', { query: stack.file('alpha-440.ogg') });
    await eventually(() => expect(stack.heardMs()).toBeGreaterThan(0), 20_000, 100);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    stack.emulator.control.leaveVoice({ guildId, userId: bob });
    await eventually(() => expect(stack.heardMs()).toBeGreaterThanOrEqual(32_000), 60_000, 250);
    await stack.slash(ownerId, 'stop');

    await eventually(async () => expect(await listensOf(ownerId)).toHaveLength(1), 10_000, 100);
    const [listen] = await listensOf(ownerId);
    expect(listen).toMatchObject({ source: 'discord-voice', title: 'alpha-440' });
    expect(listen!.ms_played).toBeGreaterThanOrEqual(30_000);
    expect(await listensOf(alice)).toEqual([]);
    expect(await listensOf(bob)).toEqual([]);
    expect(await listensOf(carol)).toEqual([]);
  }, 120_000);
});
