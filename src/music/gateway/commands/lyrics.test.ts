import type { ChatInputCommandInteraction, InteractionReplyOptions } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aQueuedTrack } from '../../../../test/support/music-snapshots.ts';
import {
  DEMO_LYRICS_CATALOGUE,
  type LrclibEmulator,
  startLrclibEmulator,
} from '../../../emulators/lrclib/index.ts';
import { translator } from '../../../i18n/index.ts';
import { LrclibProvider, type Lyrics, type LyricsProvider, type LyricsQuery } from '../../../lyrics/index.ts';
import { defaultGuildSettings } from '../../../settings/index.ts';
import type { CommandContext, MusicGatewayServices } from '../handler-types.ts';
import { lyricsCommand } from './lyrics.ts';

const current = aQueuedTrack('The Song', {
  identifier: 'id-1',
  author: 'The Band',
  length: 200_000,
  uri: 'https://music.example/the-song',
  sourceName: 'http',
  requesterId: null,
});

/** /lyrics with `provider` (or none) while `track` plays at `positionMs`; `replies` are the messages sent. */
function lyrics(provider: LyricsProvider | null, track = current, positionMs = 0) {
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
      music: { snapshot: async () => ({ current: track, positionMs }) },
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
        ? {
            text: 'la la la\nla la',
            synced: null,
            instrumental: false,
            url: 'https://songbook.example/the-song',
          }
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

  /** A provider answering `found` for every track. */
  const answering = (found: Lyrics): LyricsProvider => ({ name: 'Songbook', find: async () => found });
  const descriptionOf = (replies: InteractionReplyOptions[]) =>
    JSON.parse(JSON.stringify(replies[0]?.embeds))[0] as { description: string; footer: { text: string } };

  it('says an instrumental has no words', async () => {
    const { run, replies } = lyrics(answering({ text: '', synced: null, instrumental: true, url: null }));
    await run();
    expect(descriptionOf(replies).description).toBe(
      '**The Song** is instrumental: there are no words to show.',
    );
  });

  it('cuts long plain lyrics between lines and counts what is left out', async () => {
    const text = Array.from({ length: 300 }, (_, i) => `line ${i + 1} of a very long song`).join('\n');
    const { run, replies } = lyrics(answering({ text, synced: null, instrumental: false, url: null }));
    await run();
    const { description } = descriptionOf(replies);
    expect(description.length).toBeLessThanOrEqual(4096);
    const shown = description.split('\n');
    const kept = shown.length - 1;
    expect(shown[kept - 1]).toBe(`line ${kept} of a very long song`);
    expect(shown.at(-1)).toBe(`*…and ${300 - kept} more lines.*`);
  });

  it('escapes the provider’s markdown and mentions', async () => {
    const text = '**loud** @everyone <@123>';
    const { run, replies } = lyrics(answering({ text, synced: null, instrumental: false, url: null }));
    await run();
    expect(descriptionOf(replies).description).toBe('\\*\\*loud\\*\\* @everyone <@123>');
  });
});

describe('/lyrics with LRCLIB (its emulator)', () => {
  let lrclib: LrclibEmulator;
  beforeAll(async () => {
    lrclib = await startLrclibEmulator({ catalogue: DEMO_LYRICS_CATALOGUE });
  });
  afterAll(() => lrclib?.close());

  const lanterns = aQueuedTrack('Paper Lanterns (Official Video)', {
    identifier: 'yt-1',
    author: 'The Quiet Harbour',
    length: 212_000,
    uri: 'https://video.example/paper-lanterns',
    sourceName: 'http',
    requesterId: null,
  });

  it('shows the synced lines around where the track is, the sung one marked', async () => {
    const { run, replies } = lyrics(new LrclibProvider({ baseUrl: lrclib.url }), lanterns, 15_000);
    await run();
    expect(JSON.parse(JSON.stringify(replies[0]?.embeds))).toEqual([
      expect.objectContaining({
        title: 'Lyrics — Paper Lanterns (Official Video)',
        description: [
          'We hung our paper lanterns',
          'Along the harbour wall',
          '**▶ And every one was burning**',
          'And none of them would fall',
          '♪',
        ].join('\n'),
        footer: { text: 'Lyrics from LRCLIB · synced, at 0:15 of 3:32' },
      }),
    ]);
  });

  it('says privately when LRCLIB has nothing for the track', async () => {
    const unknown = aQueuedTrack('Nobody Knows This', { author: 'Nobody', length: 100_000 });
    const { run, replies } = lyrics(new LrclibProvider({ baseUrl: lrclib.url }), unknown);
    await run();
    expect(replies).toEqual([
      expect.objectContaining({ content: 'No lyrics found for **Nobody Knows This**.', flags: 64 }),
    ]);
  });
});
