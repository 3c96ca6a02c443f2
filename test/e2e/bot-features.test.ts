/**
 * The bot's features around the player, end to end: the now-playing message and its buttons,
 * /nowplaying, /history, /grab, /lyrics, /settings, leaving an empty channel (with /247) and
 * autoplay, against the Discord emulator and one `gramophone start`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GramophoneProcess } from '../support/gramophone-process.ts';
import {
  ANSWER_TIMEOUTS,
  afterPendingIo,
  type MusicWorld,
  SETUP_TIMEOUT_MS,
  startMusicWorld,
  until,
} from './support/music-world.ts';

let world: MusicWorld;
let bot: GramophoneProcess;
let botId: string;

beforeAll(async () => {
  world = await startMusicWorld();
  bot = await world.start(['start']);
  botId = world.emulator.describe().botUserId as string;
}, SETUP_TIMEOUT_MS);

afterEach((context) => {
  // The bot's own account of what went wrong is in its log.
  if (context.task.result?.state === 'fail') console.error(bot?.stdout().slice(-6000));
});

afterAll(async () => {
  await world?.close();
});

type Options = Record<string, string | number | boolean>;
const slash = (
  userId: string,
  command: string,
  options: Options = {},
  sub: { subcommandGroup?: string; subcommand?: string } = {},
) =>
  world.emulator.control.slashCommand({
    channelId: world.ids.textChannelId,
    userId,
    command,
    options,
    ...sub,
    ...ANSWER_TIMEOUTS,
  });
const setting = (userId: string, name: string, options: Options) =>
  slash(userId, 'settings', options, { subcommandGroup: 'set', subcommand: name });

interface WireMessage {
  id: string;
  content: string;
  embeds: { author?: { name: string } }[];
  components: { components: { custom_id?: string }[] }[];
}

/** The bot's now-playing messages in the text channel (embeds authored "Now playing"). */
function nowPlayingMessages(): WireMessage[] {
  return (
    world.emulator.control.listMessages({ channelId: world.ids.textChannelId }) as unknown as WireMessage[]
  ).filter((message) => message.embeds[0]?.author?.name === 'Now playing');
}
const onlyNowPlaying = (): WireMessage => {
  const messages = nowPlayingMessages();
  expect(messages).toHaveLength(1);
  return messages[0] as WireMessage;
};
const shows = (message: WireMessage) => JSON.stringify(message.embeds);
const buttons = (message: WireMessage) =>
  message.components.flatMap((row) => row.components.map((c) => c.custom_id));
const botInVoice = () =>
  (
    world.emulator.control.voiceStates({ guildId: world.ids.guildId }) as {
      user_id: string;
      channel_id: string | null;
    }[]
  ).some((state) => state.user_id === botId && state.channel_id !== null);

describe('bot features around the player', () => {
  it('posts a now-playing message with controls, and edits it when the player pauses', async () => {
    world.emulator.control.joinVoice({ channelId: world.ids.voiceChannelId, userId: world.ids.alice });
    await slash(world.ids.alice, 'play', { query: world.file('alpha-440.ogg') });
    await slash(world.ids.alice, 'play', { query: world.file('bravo-660.ogg') });
    await world.voice.waitForPackets(world.ids.guildId, 50, 20_000);
    await until(() => {
      const message = onlyNowPlaying();
      expect(shows(message)).toContain('alpha-440');
      expect(buttons(message)).toEqual(['np:toggle', 'np:skip', 'np:stop', 'np:loop', 'np:shuffle']);
    });
    const { id } = onlyNowPlaying();
    expect((await slash(world.ids.alice, 'pause')).content).toBe('Paused.');
    await until(() => expect(shows(onlyNowPlaying())).toContain('Paused'));
    expect(onlyNowPlaying().id).toBe(id);
    expect((await slash(world.ids.alice, 'resume')).content).toBe('Resumed.');
    await until(() => expect(shows(onlyNowPlaying())).toContain('Playing'));
  }, 40_000);

  it('skips with the message’s button, and the message shows the next track', async () => {
    const message = onlyNowPlaying();
    const click = await world.emulator.control.clickButton({
      messageId: message.id,
      customId: 'np:skip',
      userId: world.ids.alice,
      // The button only acknowledges (a deferred update, never edited: the publisher redraws the
      // message), so the answer never "settles" and this is how long the call always waits after
      // the acknowledgement. Not a race: the acknowledgement has the world's 15 s window.
      answerTimeoutMs: 3_000,
    });
    expect(click.ephemeral).toBe(false);
    await until(() => expect(shows(onlyNowPlaying())).toContain('bravo-660'));
    // The voice server hears the next track (660 Hz) in the last second received.
    await until(() => {
      const end = world.heardMs();
      expect(Math.abs(world.heardHz(end - 1200, end - 200) - 660)).toBeLessThan(10);
    });
  }, 30_000);

  it('answers /nowplaying privately and lists the skipped track in /history', async () => {
    const now = await slash(world.ids.bob, 'nowplaying');
    expect(now.ephemeral).toBe(true);
    expect(JSON.stringify(now.embeds)).toContain('bravo-660');
    await until(async () =>
      expect(JSON.stringify((await slash(world.ids.bob, 'history')).embeds)).toContain('alpha-440'),
    );
  }, 30_000);

  it('sends the current track by DM with /grab', async () => {
    const answer = await slash(world.ids.alice, 'grab');
    expect(answer).toMatchObject({ ephemeral: true, content: 'Sent you the track by direct message.' });
    const dm = world.emulator.control.openDm({ userId: world.ids.alice }) as { id: string };
    const sent = world.emulator.control.listMessages({ channelId: dm.id }) as unknown as WireMessage[];
    expect(sent.map((message) => message.content)).toEqual([expect.stringContaining('bravo-660')]);
  });

  it('shows the current track’s synced lyrics from LRCLIB (its emulator)', async () => {
    const answer = await slash(world.ids.alice, 'lyrics');
    expect(answer.ephemeral).toBe(false);
    const [embed] = answer.embeds as { title: string; description: string; footer: { text: string } }[];
    expect(embed).toMatchObject({ title: 'Lyrics — bravo-660' });
    expect(embed?.description).toMatch(/Six hundred and sixty(\*\*)?\n(\*\*▶ )?A steady tone/);
    expect(embed?.description).toContain('**▶ ');
    expect(embed?.footer.text).toMatch(/^Lyrics from LRCLIB · synced, at \d:\d\d of 0:40$/);
  });

  it('refuses a default volume of 300, naming the field and the rule, and changes nothing', async () => {
    const refused = await setting(world.ids.ownerId, 'default-volume', { value: 300 });
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toMatch(/Default volume/);
    expect(refused.content).toMatch(/200/);
    const view = await slash(world.ids.ownerId, 'settings', {}, { subcommand: 'view' });
    expect(view.ephemeral).toBe(true);
    expect(JSON.stringify(view.embeds)).toMatch(/Default volume","value":"100%"/);
  });

  it('keeps /settings from members without Manage Server', async () => {
    await expect(slash(world.ids.bob, 'settings', {}, { subcommand: 'view' })).rejects.toThrow(
      /default_member_permissions/,
    );
  });

  it('stays in the empty channel with /247 on, and leaves once it is off', async () => {
    const changed = await setting(world.ids.ownerId, 'leave-when-empty', { seconds: 1 });
    expect(changed).toMatchObject({ ephemeral: true, content: expect.stringContaining('Changed') });
    expect((await slash(world.ids.alice, '247', { mode: 'on' })).content).toMatch(/24\/7 is on/);
    world.emulator.control.leaveVoice({ guildId: world.ids.guildId, userId: world.ids.alice });
    // The bot handles its gateway events in order: once it answered a command sent after alice
    // left, it has seen her leave. From then on it stays for a measured 3 s, three times its
    // leave-when-empty delay, watched all along (a busy machine only makes the watch longer).
    expect((await slash(world.ids.bob, 'nowplaying')).ephemeral).toBe(true);
    const watchFrom = performance.now();
    while (performance.now() - watchFrom < 3_000) {
      expect(botInVoice()).toBe(true);
      await afterPendingIo(100);
    }
    expect(botInVoice()).toBe(true);
    expect((await slash(world.ids.alice, '247', { mode: 'off' })).content).toMatch(/24\/7 is off/);
    await until(() => expect(botInVoice()).toBe(false), 15_000);
    await until(() => {
      const [message] = nowPlayingMessages();
      expect(shows(message as WireMessage)).toContain('I left the voice channel.');
      expect(message?.components).toEqual([]);
    });
  }, 30_000);

  it('goes on with a track from the history when the queue runs out with autoplay on', async () => {
    const short = world.file('short-330.ogg');
    world.emulator.control.joinVoice({ channelId: world.ids.voiceChannelId, userId: world.ids.alice });
    await slash(world.ids.alice, 'join');
    expect((await slash(world.ids.alice, 'autoplay', { mode: 'on' })).content).toMatch(/Autoplay is on/);
    await slash(world.ids.alice, 'play', { query: short, now: true });
    await until(() => {
      // The message of the earlier session was let go when the bot left: this one is new.
      const [earlier, message] = nowPlayingMessages() as [WireMessage, WireMessage];
      expect(shows(earlier)).toContain('I left the voice channel.');
      expect(shows(message)).toContain('Picked by autoplay');
      expect(shows(message)).toMatch(/alpha-440|bravo-660/);
    }, 20_000);
  }, 40_000);
});
