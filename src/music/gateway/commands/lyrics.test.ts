import type { ChatInputCommandInteraction, InteractionReplyOptions } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { aQueuedTrack } from '../../../../test/support/music-snapshots.ts';
import { translator } from '../../../i18n/index.ts';
import { defaultGuildSettings } from '../../../settings/index.ts';
import type { CommandContext, MusicGatewayServices } from '../handler-types.ts';
import type { LyricsProvider, LyricsQuery } from '../lyrics-provider.ts';
import { lyricsCommand } from './lyrics.ts';

const current = aQueuedTrack('The Song', {
  identifier: 'id-1',
  author: 'The Band',
  length: 200_000,
  uri: 'https://music.example/the-song',
  sourceName: 'http',
  requesterId: null,
});

/** /lyrics with `provider` (or none) while The Song plays; `replies` are the messages sent. */
function lyrics(provider: LyricsProvider | null) {
  const replies: InteractionReplyOptions[] = [];
  const calls: string[] = [];
  const interaction = {
    deferred: false,
    replied: false,
    ephemeral: null,
    isChatInputCommand: () => true,
    reply: async (reply: InteractionReplyOptions) => {
      calls.push('reply');
      replies.push(reply);
    },
    deferReply: async () => {
      calls.push('deferReply');
      interaction.deferred = true;
    },
    editReply: async (reply: InteractionReplyOptions) => {
      calls.push('editReply');
      replies.push(reply);
      interaction.replied = true;
    },
    deleteReply: async () => void calls.push('deleteReply'),
    followUp: async (reply: InteractionReplyOptions) => {
      calls.push('followUp');
      replies.push(reply);
      interaction.replied = true;
    },
  };
  const context = {
    guildId: '300000000000000001',
    actor: { userId: '400000000000000001', voiceChannelId: null, roleIds: [], canManageGuild: false },
    settings: defaultGuildSettings,
    language: 'en',
    t: translator('en'),
    services: {
      lyrics: provider,
      music: { snapshot: async () => ({ current }) },
    } as unknown as MusicGatewayServices,
    interaction: interaction as unknown as ChatInputCommandInteraction,
  } satisfies CommandContext;
  return { run: () => lyricsCommand.execute(context), replies, calls };
}

/** A provider that knows one song. */
function aProvider(asked: LyricsQuery[]): LyricsProvider {
  return {
    name: 'Songbook',
    find: async (query) => {
      asked.push(query);
      return query.title === 'The Song'
        ? { text: 'la la la\nla la', url: 'https://songbook.example/the-song' }
        : null;
    },
  };
}

describe('/lyrics', () => {
  it('says lyrics are unavailable when no provider is configured', async () => {
    await expect(lyrics(null).run()).rejects.toMatchObject({ key: 'error.LYRICS_UNAVAILABLE' });
  });

  it('shows what the provider found for the current track', async () => {
    const asked: LyricsQuery[] = [];
    const { run, replies, calls } = lyrics(aProvider(asked));
    await run();
    // The provider is a remote service: the reply is deferred before it is asked.
    expect(calls).toEqual(['deferReply', 'editReply']);
    expect(asked).toEqual([
      { title: 'The Song', author: 'The Band', uri: 'https://music.example/the-song', lengthMs: 200_000 },
    ]);
    expect(JSON.parse(JSON.stringify(replies[0]?.embeds))).toEqual([
      expect.objectContaining({
        title: 'Lyrics — The Song',
        description: 'la la la\nla la',
        url: 'https://songbook.example/the-song',
        footer: { text: 'Lyrics from Songbook' },
      }),
    ]);
  });

  it('says so privately when the provider has nothing', async () => {
    const provider: LyricsProvider = { name: 'Empty', find: async () => null };
    const { run, replies, calls } = lyrics(provider);
    await run();
    expect(calls).toEqual(['deferReply', 'deleteReply', 'followUp']);
    expect(replies).toEqual([
      expect.objectContaining({ content: 'No lyrics found for **The Song**.', flags: 64 }),
    ]);
  });
});
