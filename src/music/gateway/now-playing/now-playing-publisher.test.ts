import { type Client, DiscordAPIError } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../logging/index.ts';
import { defaultGuildSettings, type GuildSettings } from '../../../settings/index.ts';
import type { QueuedTrack, QueueSnapshot } from '../../index.ts';
import { NowPlayingPublisher } from './now-playing-publisher.ts';

const GUILD = '300000000000000001';
const TEXT = '500000000000000002';
const ANNOUNCE = '500000000000000003';

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
    messages: new Map<string, { embeds: unknown[]; components: unknown[] }>(),
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
      edit: async (messageId: string, payload: { embeds: unknown[]; components: unknown[] }) => {
        channel.attempts++;
        if (channel.refuse) throw fail(channel.refuse);
        if (!channel.messages.has(messageId)) throw fail(10008);
        channel.edits++;
        channel.messages.set(messageId, payload);
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
  const channels = new Map([TEXT, ANNOUNCE].map((id) => [id, aChannel(id)]));
  const client = {
    guilds: { cache: new Map([[GUILD, {}]]) },
    channels: { cache: new Map([...channels].map(([id, { api }]) => [id, api])), fetch: async () => null },
  } as unknown as Client;
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
    logger: silentLogger(),
  });
  const text = channels.get(TEXT)?.channel as ReturnType<typeof aChannel>['channel'];
  const announce = channels.get(ANNOUNCE)?.channel as ReturnType<typeof aChannel>['channel'];
  const settle = async () => {
    publisher.changed(GUILD);
    await vi.advanceTimersByTimeAsync(3_000);
  };
  return { state, publisher, text, announce, settle };
}

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
});
