import {
  type ChatInputCommandInteraction,
  DiscordAPIError,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type MessageCreateOptions,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import { aQueuedTrack } from '../../../../test/support/music-snapshots.ts';
import { translator } from '../../../i18n/index.ts';
import { defaultGuildSettings } from '../../../settings/index.ts';
import type { QueueSnapshot } from '../../index.ts';
import type { CommandContext, MusicGatewayServices } from '../handler-types.ts';
import { grabCommand } from './grab.ts';

const playing: Pick<QueueSnapshot, 'current'> = {
  current: aQueuedTrack('The Song', {
    identifier: 'id-1',
    author: 'The Band',
    length: 200_000,
    uri: 'https://music.example/the-song',
    sourceName: 'http',
    requesterId: null,
  }),
};

/** /grab by a user whose DMs take the message, or refuse it with Discord's `refusal` code. */
function grab(snapshot: Pick<QueueSnapshot, 'current'>, refusal?: number) {
  const dms: MessageCreateOptions[] = [];
  /** What the interaction was told, in order: the private deferral, then the edit of it. */
  const replies: (InteractionReplyOptions | InteractionEditReplyOptions)[] = [];
  const send = async (message: MessageCreateOptions) => {
    if (refusal) {
      const body = { code: refusal, message: 'Cannot send messages to this user' };
      throw new DiscordAPIError(body, refusal, 403, 'POST', '/channels/1/messages', {});
    }
    dms.push(message);
  };
  const interaction = {
    user: { send },
    deferReply: async (reply: InteractionReplyOptions) => void replies.push(reply),
    editReply: async (edit: InteractionEditReplyOptions) => void replies.push(edit),
  };
  const context = {
    guildId: '300000000000000001',
    actor: { userId: '400000000000000001', voiceChannelId: null, roleIds: [], canManageGuild: false },
    settings: defaultGuildSettings,
    language: 'en',
    t: translator('en'),
    services: { music: { snapshot: async () => snapshot } } as unknown as MusicGatewayServices,
    interaction: interaction as unknown as ChatInputCommandInteraction,
  } satisfies CommandContext;
  return { run: () => grabCommand.execute(context), dms, replies };
}

describe('/grab', () => {
  it('sends the title, author and link by DM and tells the user privately', async () => {
    const { run, dms, replies } = grab(playing);
    await run();
    expect(dms.map((dm) => dm.content)).toEqual([
      '🎵 **The Song** by The Band — https://music.example/the-song',
    ]);
    // Acknowledged privately before the queue is read and the DM sent, then told.
    expect(replies).toEqual([{ flags: 64 }, { content: 'Sent you the track by direct message.' }]);
  });

  it('says the DMs are closed when Discord refuses the message (50007)', async () => {
    const { run, replies } = grab(playing, 50007);
    await expect(run()).rejects.toMatchObject({ key: 'error.DM_CLOSED' });
    // Only the private deferral: the router edits the refusal into it.
    expect(replies).toEqual([{ flags: 64 }]);
  });

  it('passes other Discord failures on to be logged', async () => {
    await expect(grab(playing, 50001).run()).rejects.toBeInstanceOf(DiscordAPIError);
  });

  it('refuses when nothing is playing', async () => {
    await expect(grab({ current: null }).run()).rejects.toMatchObject({ code: 'NOTHING_PLAYING' });
  });
});
