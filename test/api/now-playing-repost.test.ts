/**
 * Issue 14, item 8 through the real stack (emulator, audio node, gateway): the now-playing
 * message follows the conversation. After ten messages below it, it is posted again at the
 * bottom and the old one's buttons are disabled; when its announce channel is deleted, it goes
 * to the channel the last command came from. One world for the whole file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotAnswer } from '../../src/emulators/discord/index.ts';
import { GATEWAY_ADDRESS } from '../../src/gateway/index.ts';
import { MUSIC_OPERATION_COMMAND } from '../../src/music/index.ts';
import { eventually } from '../support/eventually.ts';
import { shownToUser } from '../support/shown-to-user.ts';
import { type MusicStack, startMusicStack } from './music-stack.ts';

interface ListedMessage {
  id: string;
  author?: { id?: string };
  embeds?: { author?: { name?: string } }[];
  components?: { components?: { disabled?: boolean }[] }[];
}

describe('the now-playing message re-posted', () => {
  let stack: MusicStack;
  let owner: string;
  let alice: string;

  beforeAll(async () => {
    stack = await startMusicStack('pglite');
    owner = stack.ids.ownerId;
    alice = stack.ids.alice;
    stack.emulator.control.joinVoice({ channelId: stack.ids.voiceChannelId, userId: owner });
    // One tone, looped: the player keeps playing for as long as the file runs.
    expect((await stack.slash(owner, 'play', { query: stack.file('alpha-440.ogg') })).ephemeral).toBe(false);
    await stack.slash(owner, 'loop', { mode: 'track' });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  /** A slash command from `userId` in `channelId`. */
  const commandIn = (channelId: string, userId: string, command: string, options = {}): Promise<BotAnswer> =>
    stack.emulator.control.slashCommand({ channelId, userId, command, options, answerTimeoutMs: 15_000 });

  const messagesIn = (channelId: string) =>
    stack.emulator.control.listMessages({ channelId, limit: 1000 }) as unknown as ListedMessage[];
  const isNowPlaying = (message: ListedMessage) => message.embeds?.[0]?.author?.name === 'Now playing';
  const buttonsOf = (message: ListedMessage | undefined) =>
    (message?.components ?? []).flatMap((row) => row.components ?? []);
  /** The channel's newest message, which must be a now-playing message with working buttons. */
  const nowPlayingAtTheBottom = (channelId: string): ListedMessage => {
    const newest = messagesIn(channelId).at(-1);
    expect(newest && isNowPlaying(newest), JSON.stringify(newest)).toBe(true);
    expect(buttonsOf(newest).length).toBeGreaterThan(0);
    expect(buttonsOf(newest).every((button) => !button.disabled)).toBe(true);
    return newest as ListedMessage;
  };
  const allDisabled = (channelId: string, messageId: string) => {
    const message = messagesIn(channelId).find((candidate) => candidate.id === messageId);
    expect(buttonsOf(message).length).toBeGreaterThan(0);
    expect(buttonsOf(message).every((button) => button.disabled === true)).toBe(true);
  };

  it('posts it again at the bottom after ten messages below it, and disables the old one’s buttons', async () => {
    const channelId = stack.ids.textChannelId;
    await eventually(() => void nowPlayingAtTheBottom(channelId), 15_000, 100);
    const firstId = nowPlayingAtTheBottom(channelId).id;
    const below = () => {
      const all = messagesIn(channelId);
      return all.length - 1 - all.findIndex((message) => message.id === firstId);
    };

    // Nine messages below it (members chatting; command answers count too): still in sight.
    const chat = (n: number) =>
      stack.emulator.control.sendMessage({ channelId, userId: alice, content: `chat ${n}` });
    for (let n = below() + 1; n <= 9; n++) chat(n);
    expect(below()).toBe(9);
    // A change from the panel (no message in the channel) is drawn into the same message.
    await stack.bus.request(GATEWAY_ADDRESS, MUSIC_OPERATION_COMMAND, {
      guildId: stack.ids.guildId,
      userId: owner,
      operation: { type: 'volume', volume: 90 },
    });
    await eventually(
      () => {
        const latest = messagesIn(channelId).filter(isNowPlaying).at(-1);
        expect(latest?.id).toBe(firstId);
        expect(JSON.stringify(latest?.embeds)).toContain('90%');
      },
      15_000,
      100,
    );

    // The tenth scrolls it away: a new one at the bottom, the old one's buttons disabled.
    chat(10);
    let second: ListedMessage | undefined;
    await eventually(
      () => {
        second = nowPlayingAtTheBottom(channelId);
        expect(second.id).not.toBe(firstId);
      },
      15_000,
      100,
    );
    allDisabled(channelId, firstId);
    expect((await stack.saved())?.nowPlayingMessageId).toBe(second?.id);
  });

  it('moves to the channel of the last command when the announce channel is deleted', async () => {
    const guildId = stack.ids.guildId;
    const announce = stack.emulator.control.createChannel({ guildId, name: 'now-playing', type: 'text' }) as {
      id: string;
    };
    const elsewhere = stack.emulator.control.createChannel({ guildId, name: 'elsewhere', type: 'text' }) as {
      id: string;
    };
    const set = await stack.emulator.control.slashCommand({
      channelId: stack.ids.textChannelId,
      userId: owner,
      command: 'settings',
      subcommandGroup: 'set',
      subcommand: 'announce-channel',
      options: { channel: announce.id },
      answerTimeoutMs: 15_000,
    });
    expect((await shownToUser(stack.emulator, set)).content).toMatch(/^Changed \*\*Now-playing channel\*\*/);
    await eventually(() => void nowPlayingAtTheBottom(announce.id), 15_000, 100);
    // The message it replaced, in the player's channel, can no longer be used.
    allDisabled(
      stack.ids.textChannelId,
      messagesIn(stack.ids.textChannelId).filter(isNowPlaying).at(-1)?.id ?? '',
    );

    stack.emulator.control.deleteChannel({ channelId: announce.id });
    await commandIn(elsewhere.id, owner, 'volume', { level: 70 });

    // The /volume answer and the message are posted in either order: find it, not the bottom.
    const nowPlayingIn = (channelId: string) => messagesIn(channelId).filter(isNowPlaying).at(-1);
    await eventually(
      () => {
        const moved = nowPlayingIn(elsewhere.id);
        expect(buttonsOf(moved).length).toBeGreaterThan(0);
        expect(buttonsOf(moved).every((button) => !button.disabled)).toBe(true);
      },
      15_000,
      100,
    );
    expect((await stack.saved())?.nowPlayingMessageId).toBe(nowPlayingIn(elsewhere.id)?.id);
  });
});
