/**
 * No ghosts (docs/music-bot.md, "Durability"): a bot put out of its voice channel — the channel
 * deleted, a moderator's disconnect, removed from the guild — stops, says so and does not come
 * back; a restart brings back only the guilds the bot is still in. The real gateway, audio node
 * and emulator, one world for the whole file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PlayerRecord, PlayerStore } from '../../src/music/index.ts';
import { eventually } from '../support/eventually.ts';
import { aQueuedTrack } from '../support/music-snapshots.ts';
import { type MusicStack, startMusicStack, type ToneFile } from './music-stack.ts';

/** A guild the bot is not in, whose player was saved as playing before the gateway started. */
const GONE_GUILD = '900000000000000001';

const DISCONNECTED = /I was disconnected from the voice channel, so I stopped the music/;
const CHANNEL_DELETED = /The voice channel was deleted, so I stopped the music/;

function aPlayingRecord(guildId: string, file: string): PlayerRecord {
  const track = aQueuedTrack('alpha-440', { identifier: file, uri: `file://${file}` });
  return {
    guildId,
    voiceChannelId: '900000000000000002',
    textChannelId: '900000000000000003',
    tracks: [track],
    currentIndex: 0,
    positionMs: 5_000,
    positionAt: new Date(),
    paused: false,
    loop: 'off',
    volume: 100,
    filterPreset: null,
    autoplay: false,
    nowPlayingMessageId: null,
  };
}

describe('the bot put out of voice', () => {
  let stack: MusicStack;
  let owner: string;
  let botId: string;

  beforeAll(async () => {
    stack = await startMusicStack('pglite', {}, async ({ database, file }) => {
      await new PlayerStore(database.db).save(aPlayingRecord(GONE_GUILD, file('alpha-440.ogg')));
    });
    owner = stack.ids.ownerId;
    botId = stack.emulator.describe().botUserId as string;
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  const botVoiceChannel = () =>
    (
      stack.emulator.control.voiceStates({ guildId: stack.ids.guildId }) as {
        user_id?: string;
        channel_id?: string | null;
      }[]
    ).find((state) => state.user_id === botId)?.channel_id ?? null;

  const messages = () =>
    stack.emulator.control.listMessages({ channelId: stack.ids.textChannelId, limit: 1000 }) as {
      content?: string;
      embeds?: { author?: { name?: string }; description?: string }[];
      components?: unknown[];
    }[];
  const said = (text: RegExp) => messages().filter((message) => text.test(message.content ?? '')).length;

  /** Plays `file` from `channelId` and waits until that channel's voice server hears the bot. */
  async function playIn(channelId: string, file: ToneFile): Promise<void> {
    stack.emulator.control.joinVoice({ channelId, userId: owner });
    const answer = await stack.slash(owner, 'play', { query: stack.file(file) });
    expect(answer.ephemeral, answer.content).toBe(false);
    await eventually(
      () => {
        expect(stack.voice.getStats(stack.ids.guildId)).toMatchObject({ channelId, released: false });
        expect(stack.heardMs()).toBeGreaterThan(1_000);
      },
      15_000,
      100,
    );
  }

  /** Stopped, out of voice, saved without a channel, no player on the node, no "Playing" shown. */
  async function expectStoppedOutOfVoice(): Promise<void> {
    expect(botVoiceChannel()).toBeNull();
    expect(stack.voice.getStats(stack.ids.guildId)).toMatchObject({ released: true });
    expect(await stack.audioPlayers()).toBe(0);
    const memory = await stack.snapshot();
    expect(memory).toMatchObject({ voiceChannelId: null, paused: false });
    expect((await stack.saved())?.voiceChannelId).toBeNull();
    // The channel's now-playing message says the bot left and loses its buttons.
    await eventually(
      () => {
        const nowPlaying = messages().filter(
          (message) => message.embeds?.[0]?.author?.name === 'Now playing',
        );
        expect(nowPlaying.at(-1)).toMatchObject({
          embeds: [{ description: 'I left the voice channel.' }],
          components: [],
        });
      },
      10_000,
      100,
    );
  }

  it('closes the saved player of a guild it is no longer in instead of restoring it', async () => {
    const saved = await new PlayerStore(stack.database.db).load(GONE_GUILD);
    expect(saved).toMatchObject({ voiceChannelId: null, currentIndex: 0 });
    // Nothing was played for it on the audio node (a restore creates a player there).
    expect(await stack.audioPlayers()).toBe(0);
  });

  it('stops, says so and stays out when a moderator disconnects it', async () => {
    await playIn(stack.ids.voiceChannelId, 'alpha-440.ogg');
    const before = said(DISCONNECTED);

    stack.emulator.control.leaveVoice({ guildId: stack.ids.guildId, userId: botId });

    await eventually(() => expect(said(DISCONNECTED)).toBe(before + 1), 10_000, 100);
    await expectStoppedOutOfVoice();
    expect((await stack.snapshot()).current?.info.title).toBe('alpha-440');
  });

  it('stops, says so and stays out when its voice channel is deleted', async () => {
    const temporary = stack.emulator.control.createChannel({
      guildId: stack.ids.guildId,
      name: 'Soon gone',
      type: 'voice',
    }) as { id: string };
    await playIn(temporary.id, 'bravo-660.ogg');
    const before = said(CHANNEL_DELETED);

    stack.emulator.control.deleteChannel({ channelId: temporary.id });

    await eventually(() => expect(said(CHANNEL_DELETED)).toBe(before + 1), 10_000, 100);
    await expectStoppedOutOfVoice();
  });

  it('follows a moderator who moves it to another channel, and saves where it is', async () => {
    await playIn(stack.ids.voiceChannelId, 'alpha-440.ogg');
    const elsewhere = stack.emulator.control.createChannel({
      guildId: stack.ids.guildId,
      name: 'Moved here',
      type: 'voice',
    }) as { id: string };

    stack.emulator.control.joinVoice({ channelId: elsewhere.id, userId: botId });

    await eventually(
      async () => {
        expect((await stack.saved())?.voiceChannelId).toBe(elsewhere.id);
        expect((await stack.snapshot()).voiceChannelId).toBe(elsewhere.id);
      },
      10_000,
      100,
    );
    expect(botVoiceChannel()).toBe(elsewhere.id);
  });

  it('stops and closes the player when it is removed from the guild', async () => {
    await playIn(stack.ids.voiceChannelId, 'charlie-880.ogg');

    stack.emulator.control.removeBotFromGuild({ guildId: stack.ids.guildId });

    await eventually(
      async () => {
        expect((await stack.saved())?.voiceChannelId).toBeNull();
        expect(await stack.audioPlayers()).toBe(0);
      },
      10_000,
      100,
    );
    expect(botVoiceChannel()).toBeNull();
  });
});
