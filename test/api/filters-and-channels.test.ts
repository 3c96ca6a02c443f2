/**
 * Issue 14, item 4 through the real stack (emulator, audio node, gateway): presets that
 * combine with speed and pitch, heard in the voice channel and saved with the player; pausing
 * in an empty channel; the music text and voice channels; the song-request channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotAnswer } from '../../src/emulators/discord/index.ts';
import { GATEWAY_ADDRESS } from '../../src/gateway/index.ts';
import { MUSIC_OPERATION_COMMAND, type OperationResult, PlayerStore } from '../../src/music/index.ts';
import { eventually } from '../support/eventually.ts';
import { aQueuedTrack } from '../support/music-snapshots.ts';
import { shownToUser } from '../support/shown-to-user.ts';
import { type MusicStack, startMusicStack, TONES } from './music-stack.ts';

const NIGHTCORE = 1.289999523162842 * 0.9365999523162842;
const VAPORWAVE = 0.800000011920929;

describe('filters, pause when empty and channel restrictions', () => {
  let stack: MusicStack;
  let owner: string;
  let alice: string;

  beforeAll(async () => {
    // A player saved playing with a pitch, as a gateway before a restart left it.
    stack = await startMusicStack('pglite', { DISCORD_MESSAGE_CONTENT: 'true' }, async (world) => {
      const demo = world.emulator.describe();
      const file = world.file('alpha-440.ogg');
      await new PlayerStore(world.database.db).save({
        guildId: demo.guildId as string,
        voiceChannelId: demo.voiceChannelId as string,
        textChannelId: (demo.musicTextChannelId ?? demo.textChannelId) as string,
        tracks: [aQueuedTrack('alpha-440', { identifier: file, uri: `file://${file}` })],
        currentIndex: 0,
        positionMs: 1_000,
        positionAt: new Date(),
        paused: false,
        loop: 'off',
        volume: 100,
        filterPreset: 'pitch=1.5',
        autoplay: false,
        nowPlayingMessageId: null,
      });
    });
    owner = stack.ids.ownerId;
    alice = stack.ids.alice;
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  /** A slash command with a subcommand, from `userId` in `channelId` (the music channel by default). */
  const command = (
    userId: string,
    name: string,
    subcommand: string | undefined,
    options: Record<string, string | number | boolean> = {},
    channelId = stack.ids.textChannelId,
    subcommandGroup?: string,
  ): Promise<BotAnswer> =>
    stack.emulator.control.slashCommand({
      channelId,
      userId,
      command: name,
      ...(subcommandGroup ? { subcommandGroup } : {}),
      ...(subcommand ? { subcommand } : {}),
      options,
      answerTimeoutMs: 15_000,
    });
  const filters = (subcommand: string, options: Record<string, string | number> = {}) =>
    command(owner, 'filters', subcommand, options);
  const setting = (name: string, options: Record<string, string | boolean> = {}) =>
    command(owner, 'settings', name, options, stack.ids.textChannelId, 'set');
  const shown = async (answer: BotAnswer) => {
    const { content, ephemeral } = await shownToUser(stack.emulator, answer);
    return { content, ephemeral };
  };

  /**
   * The dominant frequency of the last second heard comes to `hz` once the change has gone
   * through the node's pipeline; how much audio was already buffered before it depends on the
   * machine's load, so the window slides instead of sitting at a fixed offset.
   */
  async function expectHearing(hz: number): Promise<void> {
    const from = stack.heardMs();
    await eventually(
      () => {
        const now = stack.heardMs();
        expect(now).toBeGreaterThan(from + 1_000);
        expect(Math.abs(stack.heard(now - 1_000, now).hz - hz)).toBeLessThan(15);
      },
      20_000,
      100,
    );
  }

  it('brings the saved filters back with the player after a restart', async () => {
    await eventually(
      async () => expect((await stack.snapshot()).current?.info.title).toBe('alpha-440'),
      15_000,
    );
    expect((await stack.snapshot()).filters).toEqual({ presets: [], speed: 1, pitch: 1.5 });
    await expectHearing(TONES['alpha-440.ogg'] * 1.5);
  });

  it('combines presets with speed and pitch, audibly, and saves them with the player', async () => {
    stack.emulator.control.joinVoice({ channelId: stack.ids.voiceChannelId, userId: owner });
    expect((await shown(await filters('pitch', { value: 1 }))).content).toBe(
      'Pitch set to 1×. Active filters: none.',
    );
    await expectHearing(TONES['alpha-440.ogg']);

    expect((await shown(await filters('pitch', { value: 1.5 }))).content).toBe(
      'Pitch set to 1.5×. Active filters: pitch 1.5×.',
    );
    await expectHearing(440 * 1.5);

    await filters('toggle', { preset: 'nightcore' });
    expect((await shown(await filters('toggle', { preset: 'bassboost' }))).content).toBe(
      'bassboost is on. Active filters: nightcore, bassboost, pitch 1.5×.',
    );
    expect((await stack.snapshot()).filters).toEqual({
      presets: ['nightcore', 'bassboost'],
      speed: 1,
      pitch: 1.5,
    });
    expect((await stack.saved())?.filterPreset).toBe('nightcore,bassboost,pitch=1.5');
    await expectHearing(440 * NIGHTCORE * 1.5);

    // Vaporwave sets the same timescale as nightcore: the later wins, and the reply says so.
    expect((await shown(await filters('toggle', { preset: 'vaporwave' }))).content).toBe(
      'vaporwave is on and replaces nightcore: both change the same filter. ' +
        'Active filters: bassboost, vaporwave, pitch 1.5×.',
    );
    await expectHearing(440 * VAPORWAVE * 1.5);

    // Turning one off keeps the others.
    expect((await shown(await filters('toggle', { preset: 'bassboost' }))).content).toBe(
      'bassboost is off. Active filters: vaporwave, pitch 1.5×.',
    );
    const nowPlaying = await stack.emulator.control.slashCommand({
      channelId: stack.ids.textChannelId,
      userId: owner,
      command: 'nowplaying',
      answerTimeoutMs: 15_000,
    });
    const fields = (nowPlaying.embeds[0] as { fields?: { name: string; value: string }[] }).fields ?? [];
    expect(fields).toContainEqual(
      expect.objectContaining({ name: 'Filters', value: 'vaporwave, pitch 1.5×' }),
    );

    expect((await shown(await filters('clear'))).content).toBe('Filters reset.');
    expect((await stack.snapshot()).filters).toEqual({ presets: [], speed: 1, pitch: 1 });
    expect((await stack.saved())?.filterPreset).toBeNull();
    await expectHearing(TONES['alpha-440.ogg']);
  });

  it('plays faster at a higher speed: the last 10 s of a track end in about 5 s', async () => {
    await filters('speed', { value: 2 });
    const seeked = await stack.slash(owner, 'seek', { time: '0:50' });
    expect(seeked.ephemeral, seeked.content).toBe(false);
    const from = stack.heardMs();
    await eventually(async () => expect((await stack.snapshot()).current).toBeNull(), 20_000, 100);
    const heard = stack.heardMs() - from;
    expect(heard).toBeGreaterThan(3_500);
    expect(heard).toBeLessThan(8_000);
    // Back to normal, and a track for the tests that follow.
    await filters('clear');
    await stack.slash(owner, 'play', { query: stack.file('alpha-440.ogg') });
    await expectHearing(TONES['alpha-440.ogg']);
  });

  it('takes several presets at once from the panel, and refuses one it does not know', async () => {
    const operate = (operation: Record<string, unknown>) =>
      stack.bus.request<unknown, OperationResult>(GATEWAY_ADDRESS, MUSIC_OPERATION_COMMAND, {
        guildId: stack.ids.guildId,
        userId: owner,
        operation,
      });
    const result = await operate({ type: 'filter', presets: ['karaoke', '8d'], speed: 1.25 });
    expect(result.snapshot.filters).toEqual({ presets: ['karaoke', '8d'], speed: 1.25, pitch: 1 });
    await expect(operate({ type: 'filter', presets: ['karaoke', 'chipmunk'] })).rejects.toThrow(
      /UNKNOWN_PRESET|chipmunk/,
    );
    // The older panel's single preset still means "just this one".
    expect((await operate({ type: 'filter', preset: 'lowpass' })).snapshot.filters).toEqual({
      presets: ['lowpass'],
      speed: 1,
      pitch: 1,
    });
    await operate({ type: 'filter', preset: null });
  });

  it('pauses when everyone leaves and plays on when a listener comes back, unless someone paused it', async () => {
    expect((await shown(await setting('pause-when-empty', { value: true }))).content).toMatch(
      /Pause when everyone leaves/,
    );
    const paused = async () => (await stack.snapshot()).paused;

    stack.emulator.control.leaveVoice({ guildId: stack.ids.guildId, userId: owner });
    await eventually(async () => expect(await paused()).toBe(true), 10_000, 100);
    expect((await stack.snapshot()).voiceChannelId).toBe(stack.ids.voiceChannelId);
    stack.emulator.control.joinVoice({ channelId: stack.ids.voiceChannelId, userId: owner });
    await eventually(async () => expect(await paused()).toBe(false), 10_000, 100);
    await expectHearing(TONES['alpha-440.ogg']);

    // A pause of someone's own stays when they leave and come back.
    await stack.slash(owner, 'pause');
    stack.emulator.control.leaveVoice({ guildId: stack.ids.guildId, userId: owner });
    await new Promise((resolve) => setTimeout(resolve, 500));
    stack.emulator.control.joinVoice({ channelId: stack.ids.voiceChannelId, userId: owner });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await paused()).toBe(true);
    await stack.slash(owner, 'resume');
    await setting('pause-when-empty', { value: false });
  });

  it('answers music commands only in the music channel and joins only the music voice channel', async () => {
    const { guildId } = stack.ids;
    const elsewhere = stack.emulator.control.createChannel({ guildId, name: 'chat', type: 'text' }) as {
      id: string;
    };
    const otherVoice = stack.emulator.control.createChannel({ guildId, name: 'Lounge', type: 'voice' }) as {
      id: string;
    };
    await setting('music-channel', { channel: stack.ids.textChannelId });

    const refused = await shown(await command(alice, 'queue', undefined, {}, elsewhere.id));
    expect(refused).toEqual({
      ephemeral: true,
      content: `Music commands are answered in <#${stack.ids.textChannelId}> on this server.`,
    });
    expect(
      (await shown(await command(alice, 'queue', undefined, {}, stack.ids.textChannelId))).content,
    ).not.toMatch(/answered in/);
    // Managers may use them anywhere.
    expect((await shown(await command(owner, 'queue', undefined, {}, elsewhere.id))).content).not.toMatch(
      /answered in/,
    );

    await setting('music-voice-channel', { channel: stack.ids.voiceChannelId });
    await stack.slash(owner, 'stop');
    await stack.slash(owner, 'leave');
    stack.emulator.control.leaveVoice({ guildId, userId: owner });
    stack.emulator.control.joinVoice({ channelId: otherVoice.id, userId: alice });
    const wrongVoice = await shown(await stack.slash(alice, 'play', { query: stack.file('bravo-660.ogg') }));
    expect(wrongVoice).toEqual({
      ephemeral: true,
      content: `I only play in <#${stack.ids.voiceChannelId}> on this server: join it first.`,
    });
    stack.emulator.control.joinVoice({ channelId: stack.ids.voiceChannelId, userId: alice });
    const allowed = await shown(await stack.slash(alice, 'play', { query: stack.file('bravo-660.ogg') }));
    expect(allowed.ephemeral, allowed.content).toBe(false);
    await expectHearing(TONES['bravo-660.ogg']);

    await setting('music-channel');
    await setting('music-voice-channel');
  });

  it('plays what a member writes in the song-request channel, then tidies up', async () => {
    const requests = stack.emulator.control.createChannel({
      guildId: stack.ids.guildId,
      name: 'requests',
      type: 'text',
    }) as { id: string };
    await setting('request-channel', { channel: requests.id });
    const messages = () =>
      stack.emulator.control.listMessages({ channelId: requests.id, limit: 100 }) as {
        id: string;
        content?: string;
        author?: { id: string };
      }[];

    const sent = stack.emulator.control.sendMessage({
      channelId: requests.id,
      userId: alice,
      content: stack.file('charlie-880.ogg'),
    }) as { id: string };

    await eventually(
      async () => {
        const snapshot = await stack.snapshot();
        const titles = [snapshot.current, ...snapshot.upcoming].map((track) => track?.info.title);
        expect(titles).toContain('charlie-880');
        expect(messages().map((message) => message.id)).not.toContain(sent.id);
        expect(messages().map((message) => message.content)).toContainEqual(
          expect.stringMatching(new RegExp(`^<@${alice}> Added \\*\\*charlie-880\\*\\* to the queue`)),
        );
      },
      15_000,
      100,
    );
    // The bot's answer goes away by itself.
    await eventually(() => expect(messages()).toEqual([]), 20_000, 200);
    await setting('request-channel');
  });
});
