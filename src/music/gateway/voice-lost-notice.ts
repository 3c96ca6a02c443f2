import { type Client, DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import { languageOf, translator } from '../../i18n/index.ts';
import type { Logger } from '../../logging/index.ts';
import type { GuildSettings } from '../../settings/index.ts';
import type { VoiceLost } from '../music-runtime.ts';

export interface VoiceLostNoticeOptions {
  client: Client;
  settings: (guildId: string) => Promise<Pick<GuildSettings, 'language'>>;
  logger: Logger;
}

/**
 * Says in the player's text channel that the music stopped because the bot was put out of its
 * voice channel: the channel was deleted, or someone disconnected the bot. Nothing is said in a
 * guild the bot is no longer in, nor when the player had no text channel.
 */
export class VoiceLostNotice {
  constructor(private readonly options: VoiceLostNoticeOptions) {}

  /** Posts the notice; failures are logged, never thrown (it runs from an event). */
  post(lost: VoiceLost): Promise<void> {
    return this.send(lost).catch((error) =>
      this.options.logger.warn(
        { err: error, guildId: lost.guildId, channelId: lost.textChannelId },
        'cannot say that the music stopped',
      ),
    );
  }

  private async send({ guildId, voiceChannelId, textChannelId }: VoiceLost): Promise<void> {
    const { client } = this.options;
    if (!textChannelId || !client.guilds.cache.has(guildId)) return;
    const deleted = await this.channelDeleted(voiceChannelId);
    const t = translator(languageOf((await this.options.settings(guildId)).language) ?? 'en');
    const channel = client.channels.cache.get(textChannelId) ?? (await client.channels.fetch(textChannelId));
    if (!channel?.isSendable()) return;
    await channel.send({
      content: t(deleted ? 'voiceLost.channelDeleted' : 'voiceLost.disconnected'),
      allowedMentions: { parse: [] },
    });
  }

  /** Asks Discord itself: the deletion and the disconnect may reach the cache in either order. */
  private async channelDeleted(channelId: string): Promise<boolean> {
    try {
      await this.options.client.channels.fetch(channelId, { force: true, cache: false });
      return false;
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownChannel) return true;
      throw error;
    }
  }
}
