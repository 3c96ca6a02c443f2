import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { type Client, DiscordAPIError, Events } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../logging/index.ts';
import { defaultGuildSettings, type GuildSettings } from '../../../settings/index.ts';
import type { QueuedTrack, QueueSnapshot } from '../../index.ts';
import { NowPlayingPublisher } from './now-playing-publisher.ts';

const GUILD = '300000000000000001';
const TEXT = '500000000000000002';
const ANNOUNCE = '500000000000000003';
/** Where members last used a command: the fallback when the announce channel is gone. */
const COMMANDS = '500000000000000004';

const aTrack = (title: string): QueuedTrack => ({
  encoded: `encoded-${title}`,
  info: {
    identifier: `id-${title}`,
    isSeekable: true,
    author: 'The Band',
    length: 200_000,
    isStream: false,
    position: 0,
    title,
    uri: null,
    artworkUrl: null,
    isrc: null,
    sourceName: 'http',
  },
  requesterId: '400000000000000001',
  addedAt: '2025-06-01T12:00:00.000Z',
});

/** A Discord channel that keeps what the bot posts and edits; `refuse` makes it answer an error code. */
function aChannel(id: string) {
  const channel = {
    messages: new Map<string, { embeds?: unknown[]; components?: unknown[] }>(),
    attempts: 0,
    posts: 0,
    edits: 0,
    refuse: null as number | null,
  };
  const fail = (code: number) =>
    new DiscordAPIError({ code, message: 'refused' }, code, 404, 'PATCH', '/x', {});
  const api = {
    isSendable: () => true,
    send: async (payload: { embeds: unknown[]; components: unknown[] }) => {
      channel.attempts++;
      if (channel.refuse) throw fail(channel.refuse);
      channel.posts++;
      const messageId = `${id}-${channel.posts}`;
      channel.messages.set(messageId, payload);
      return { id: messageId };
    },
    messages: {
      edit: async (messageId: string, payload: { embeds?: unknown[]; components: unknown[] }) => {
        channel.attempts++;
        if (channel.refuse) throw fail(channel.refuse);
        if (!channel.messages.has(messageId)) throw fail(10008);
        channel.edits++;
        // As Discord does: an edit changes only the fields it carries.
        channel.messages.set(messageId, { ...channel.messages.get(messageId), ...payload });
      },
    },
  };
  return { channel, api };
}

/** A guild playing `title` (or nothing), its settings, stored message id, and a publisher over them. */
function aGuild(options: { storedMessageId?: string | null } = {}) {
  const state = {
    snapshot: {
      guildId: GUILD,
      voiceChannelId: '500000000000000001',
      textChannelId: TEXT,
      current: aTrack('The Song'),
      positionMs: 0,
      upcoming: [],
      history: [],
      paused: true,
      loop: 'off',
      volume: 80,
      filterPreset: null,
      autoplay: false,
    } as QueueSnapshot,
    settings: { ...defaultGuildSettings } as GuildSettings,
    messageId: options.storedMessageId ?? null,
  };
  const channels = new Map([TEXT, ANNOUNCE, COMMANDS].map((id) => [id, aChannel(id)]));
  const logs: { msg: string; channelId?: string }[] = [];
  const logger = createLogger({
    level: 'info',
    format: 'json',
    destination: new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
        done();
      },
    }),
  });
  // The gateway's events reach the publisher through the client, as from discord.js.
  const events = new EventEmitter();
  const client = Object.assign(events, {
    guilds: { cache: new Map([[GUILD, {}]]) },
    channels: { cache: new Map([...channels].map(([id, { api }]) => [id, api])), fetch: async () => null },
  }) as unknown as Client;
  const publisher = new NowPlayingPublisher({
    client,
    music: { snapshot: async () => structuredClone(state.snapshot) },
    messageIds: {
      get: async () => state.messageId,
      set: async (_guildId, messageId) => {
        state.messageId = messageId;
      },
    },
    settings: { get: async () => state.settings },
    logger,
    repostAfterMessages: 3,
  });
  const channel = (id: string) => channels.get(id)?.channel as ReturnType<typeof aChannel>['channel'];
  const settle = async (cause?: string) => {
    publisher.changed(GUILD, cause);
    await vi.advanceTimersByTimeAsync(3_000);
  };
  let sent = 0;
  /** Someone writes in `channelId` (a MESSAGE_CREATE without content). */
  const someoneWrites = (channelId: string) =>
    events.emit(Events.MessageCreate, { inGuild: () => true, channelId, id: `other-${++sent}` });
  const commandUsedIn = (channelId: string) =>
    events.emit(Events.InteractionCreate, {
      inGuild: () => true,
      isRepliable: () => true,
      guildId: GUILD,
      channelId,
    });
  return {
    state,
    publisher,
    text: channel(TEXT),
    announce: channel(ANNOUNCE),
    commands: channel(COMMANDS),
    settle,
    someoneWrites,
    commandUsedIn,
    logs,
  };
}

/** Whether every button of a posted message is disabled. */
const buttonsDisabled = (channel: ReturnType<typeof aChannel>['channel'], messageId: string) => {
  const rows = channel.messages.get(messageId)?.components as { components: { disabled?: boolean }[] }[];
  return rows.length > 0 && rows.every((row) => row.components.every((button) => button.disabled === true));
};

const shown = (channel: ReturnType<typeof aChannel>['channel'], messageId: string | null) =>
  JSON.stringify(channel.messages.get(messageId ?? ''));

describe('now-playing publisher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('posts one message and keeps editing it, remembering its id', async () => {
    const { state, text, settle } = aGuild();
    await settle();
    expect(text.posts).toBe(1);
    expect(state.messageId).toBe(`${TEXT}-1`);
    state.snapshot.current = aTrack('The Next Song');
    await settle();
    expect(text).toMatchObject({ posts: 1, edits: 1 });
    expect(shown(text, state.messageId)).toContain('The Next Song');
  });

  it('edits the message it posted before a restart instead of posting another', async () => {
    const before = aGuild();
    await before.settle();
    const afterRestart = aGuild({ storedMessageId: `${TEXT}-1` });
    afterRestart.text.messages.set(`${TEXT}-1`, { embeds: [], components: [] });
    await afterRestart.settle();
    expect(afterRestart.text).toMatchObject({ posts: 0, edits: 1 });
    expect(shown(afterRestart.text, `${TEXT}-1`)).toContain('The Song');
  });

  it('posts a new message when the old one was deleted', async () => {
    const { state, text, settle } = aGuild({ storedMessageId: `${TEXT}-gone` });
    await settle();
    expect(text.posts).toBe(1);
    expect(state.messageId).toBe(`${TEXT}-1`);
  });

  it('says the queue ended, drops the buttons and lets the message go', async () => {
    const { state, text, settle } = aGuild();
    await settle();
    state.snapshot.current = null;
    await settle();
    const ended = text.messages.get(`${TEXT}-1`);
    expect(JSON.stringify(ended?.embeds)).toContain('The queue has ended.');
    expect(ended?.components).toEqual([]);
    expect(state.messageId).toBeNull();
    state.snapshot.current = aTrack('Another Day');
    await settle();
    expect(text.posts).toBe(2);
  });

  it('posts in the announce channel when the guild has one', async () => {
    const { state, text, announce, settle } = aGuild();
    state.settings = { ...state.settings, announceChannelId: ANNOUNCE };
    await settle();
    expect([text.posts, announce.posts]).toEqual([0, 1]);
  });

  it('skips edits that would change nothing', async () => {
    const { text, settle } = aGuild();
    await settle();
    await settle();
    await settle();
    expect(text).toMatchObject({ posts: 1, edits: 0 });
  });

  it('stops ticking into a channel it may not post in, and tries again on the next change', async () => {
    const { state, text, settle } = aGuild();
    state.snapshot.paused = false;
    text.refuse = 50013;
    await settle();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(text).toMatchObject({ attempts: 1, posts: 0 });
    text.refuse = null;
    await settle();
    expect(text.posts).toBe(1);
  });

  describe('posting again at the bottom', () => {
    it('re-posts once the message has scrolled away, disabling the old one’s buttons', async () => {
      const { state, text, settle, someoneWrites } = aGuild();
      await settle();
      someoneWrites(TEXT);
      someoneWrites(TEXT);
      await settle();
      expect(text).toMatchObject({ posts: 1 }); // two messages below it: still in sight
      someoneWrites(TEXT);
      await vi.advanceTimersByTimeAsync(3_000); // the third asks for a redraw by itself
      expect(text.posts).toBe(2);
      expect(state.messageId).toBe(`${TEXT}-2`);
      expect(buttonsDisabled(text, `${TEXT}-1`)).toBe(true);
      expect(shown(text, `${TEXT}-1`)).toContain('The Song'); // the old one keeps its text
      expect(buttonsDisabled(text, `${TEXT}-2`)).toBe(false);
      // Counting starts again below the new message.
      state.snapshot.volume = 50;
      await settle();
      expect(text).toMatchObject({ posts: 2 });
    });

    it('counts only the messages in the message’s own channel', async () => {
      const { text, settle, someoneWrites } = aGuild();
      await settle();
      for (let i = 0; i < 5; i++) someoneWrites(ANNOUNCE);
      await settle();
      expect(text.posts).toBe(1);
    });

    it('gives the next track after a /stop a new message, even when the stop was never drawn', async () => {
      const { state, text, settle } = aGuild();
      await settle();
      // /stop and a new /play within one redraw: the message never showed the stop.
      state.snapshot.current = aTrack('After The Stop');
      await settle('stop');
      expect(text.posts).toBe(2);
      expect(buttonsDisabled(text, `${TEXT}-1`)).toBe(true);
      expect(shown(text, `${TEXT}-2`)).toContain('After The Stop');
    });

    it('moves to the announce channel when the setting is changed', async () => {
      const { state, text, announce, settle } = aGuild();
      await settle();
      state.settings = { ...state.settings, announceChannelId: ANNOUNCE };
      await settle('settings');
      expect([text.posts, announce.posts]).toEqual([1, 1]);
      expect(buttonsDisabled(text, `${TEXT}-1`)).toBe(true);
      expect(state.messageId).toBe(`${ANNOUNCE}-1`);
    });
  });

  describe('when the announce channel is gone', () => {
    it('posts in the channel of the last command instead, and logs it', async () => {
      const { state, announce, commands, settle, commandUsedIn, logs } = aGuild();
      state.settings = { ...state.settings, announceChannelId: ANNOUNCE };
      announce.refuse = 10003; // Unknown Channel: deleted
      commandUsedIn(COMMANDS);
      await settle();
      expect([announce.posts, commands.posts]).toEqual([0, 1]);
      expect(state.messageId).toBe(`${COMMANDS}-1`);
      expect(logs).toContainEqual(
        expect.objectContaining({
          channelId: COMMANDS,
          msg: expect.stringContaining('channel of the last command'),
        }),
      );
      // Later changes edit the message where it is, without knocking at the closed channel again.
      const knocks = announce.attempts;
      state.snapshot.volume = 40;
      await settle();
      expect(commands).toMatchObject({ posts: 1, edits: 1 });
      expect(announce.attempts).toBe(knocks);
    });

    it('goes back to the announce channel once the settings change and it takes messages', async () => {
      const { state, announce, commands, settle, commandUsedIn } = aGuild();
      state.settings = { ...state.settings, announceChannelId: ANNOUNCE };
      announce.refuse = 50001; // Missing Access
      commandUsedIn(COMMANDS);
      await settle();
      announce.refuse = null;
      await settle('settings');
      expect(announce.posts).toBe(1);
      expect(buttonsDisabled(commands, `${COMMANDS}-1`)).toBe(true);
    });

    it('falls back to the player’s channel when no command was seen since the start', async () => {
      const { state, text, announce, settle } = aGuild();
      state.settings = { ...state.settings, announceChannelId: ANNOUNCE };
      announce.refuse = 50013;
      await settle();
      expect(text.posts).toBe(1);
    });
  });
});
