import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MusicStack, startMusicStack } from './music-stack.ts';

/**
 * A member adding tracks faster than MUSIC_ADD_RATE is told to wait, in Discord as on the panel
 * (docs/music-bot.md, "Adding tracks: rate limit"); /play and /playlist add count, per member.
 */
describe('/play beyond a member’s add rate', () => {
  let stack: MusicStack;

  beforeAll(async () => {
    // Two adds, then one per minute: the test never waits for a token to come back.
    stack = await startMusicStack('pglite', { MUSIC_ADD_RATE: '2/2m' });
    for (const userId of [stack.ids.ownerId, stack.ids.alice])
      stack.emulator.control.joinVoice({ channelId: stack.ids.voiceChannelId, userId });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('refuses the third add of a member privately, and counts each member apart', async () => {
    const play = (userId: string) => stack.slash(userId, 'play', { query: stack.file('alpha-440.ogg') });
    for (let i = 0; i < 2; i++) {
      const answer = await play(stack.ids.ownerId);
      expect(answer.ephemeral).toBe(false);
    }
    const refused = await stack.privateAnswer(await play(stack.ids.ownerId));
    expect(refused).toMatch(/too fast|wait/i);
    expect((await stack.snapshot()).upcoming.length + 1).toBe(2);
    const other = await play(stack.ids.alice);
    expect(other.ephemeral).toBe(false);
    expect((await stack.snapshot()).upcoming.length + 1).toBe(3);
  });
});
