import { type Client, Events, type Guild, type VoiceState } from 'discord.js';
import type { Unsubscribe } from '../../bus/index.ts';
import type { CapabilityContext } from '../../capability/index.ts';
import {
  GuildSettingsRepository,
  SETTINGS_UPDATED_TOPIC,
  type SettingsUpdatedEvent,
} from '../../settings/index.ts';
import { autoplayOnQueueEnd } from '../autoplay.ts';
import type { GuildSession } from '../guild-session.ts';
import type { MusicRuntime, VoiceLost } from '../music-runtime.ts';
import type { MusicService } from '../music-service.ts';
import { NowPlayingMessageIds } from '../now-playing-message-ids.ts';
import { PlayHistory } from '../play-history.ts';
import { EmptyChannelWatcher } from './empty-channel-watcher.ts';
import { NowPlayingPublisher } from './now-playing/now-playing-publisher.ts';
import { VoiceLostNotice } from './voice-lost-notice.ts';

/**
 * What the gateway adds around the music runtime: the now-playing messages, autoplay when a
 * queue runs out, leaving empty voice channels, saying so when the bot is put out of voice, and
 * closing the player of a guild that removed the bot. Created before the runtime (whose hooks
 * call `changed` and `onQueueEnd`), attached once it runs.
 */
export class MusicFeatures {
  private readonly settings: GuildSettingsRepository;
  private readonly history: PlayHistory;
  private music: MusicRuntime | null = null;
  private autoplay: ((session: GuildSession) => Promise<boolean>) | null = null;
  private publisher: NowPlayingPublisher | null = null;
  private watcher: EmptyChannelWatcher | null = null;
  private unsubscribe: Unsubscribe | null = null;
  private notice: VoiceLostNotice | null = null;
  private readonly onVoiceState = (_before: VoiceState, after: VoiceState) =>
    this.watcher?.check(after.guild.id);
  /** Removed from the guild (an outage makes the guild unavailable instead: kept). */
  private readonly onGuildDelete = (guild: Guild) => {
    if (!guild.available || !this.music) return;
    this.music
      .closeGuild(guild.id)
      .catch((error) =>
        this.context.logger.error({ err: error, guildId: guild.id }, 'failed to close a player'),
      );
  };

  constructor(
    private readonly client: Client,
    private readonly context: CapabilityContext,
  ) {
    this.settings = new GuildSettingsRepository(context.database.db);
    this.history = new PlayHistory(context.database.db);
  }

  /** The runtime's `onChange`: redraw the guild's now-playing message (`cause`: the operation). */
  changed(guildId: string, cause?: string): void {
    this.publisher?.changed(guildId, cause);
  }

  /** The runtime's `onVoiceLost`: say in the player's text channel why the music stopped. */
  voiceLost(lost: VoiceLost): void {
    void this.notice?.post(lost);
  }

  /** The runtime's `onQueueEnd`: autoplay, when the guild has it on. */
  onQueueEnd(session: GuildSession): Promise<boolean> {
    return this.autoplay?.(session) ?? Promise.resolve(false);
  }

  async attach(music: MusicRuntime, botId: string): Promise<void> {
    const { logger } = this.context;
    this.music = music;
    this.autoplay = autoplayOnQueueEnd({
      history: this.history,
      resolve: (query) => music.service.resolve(query, null),
      settings: (guildId) => this.settings.get(guildId),
      logger: logger.child({ component: 'autoplay' }),
    });
    this.publisher = new NowPlayingPublisher({
      client: this.client,
      music: music.service,
      messageIds: new NowPlayingMessageIds(music.engine),
      settings: this.settings,
      logger: logger.child({ component: 'now-playing' }),
    });
    const voiceStates = (guildId: string) => this.client.guilds.cache.get(guildId)?.voiceStates.cache;
    this.watcher = new EmptyChannelWatcher({
      botChannel: (guildId) => voiceStates(guildId)?.get(botId)?.channelId ?? null,
      listeners: (guildId, channelId) =>
        [...(voiceStates(guildId)?.values() ?? [])]
          .filter((state) => state.channelId === channelId && state.id !== botId && !state.member?.user.bot)
          .map((state) => state.id),
      settings: (guildId) => this.settings.get(guildId),
      leave: (guildId) => leave(music.service, botId, guildId),
      pause: (guildId) => pauseOrResume(music.service, botId, guildId, 'pause'),
      resume: async (guildId) => {
        await pauseOrResume(music.service, botId, guildId, 'resume');
      },
      logger: logger.child({ component: 'empty-channel' }),
    });
    this.notice = new VoiceLostNotice({
      client: this.client,
      settings: (guildId) => this.settings.get(guildId),
      logger: logger.child({ component: 'voice-lost' }),
    });
    this.client.on(Events.VoiceStateUpdate, this.onVoiceState);
    this.client.on(Events.GuildDelete, this.onGuildDelete);
    // Changes from the panel or from /settings: colours, language, announce channel, 24/7.
    this.unsubscribe = await this.context.bus.subscribe<SettingsUpdatedEvent>(
      SETTINGS_UPDATED_TOPIC,
      (event) => {
        this.publisher?.changed(event.payload.guildId, 'settings');
        this.watcher?.check(event.payload.guildId);
      },
    );
  }

  /** After the runtime restored the players: redraw their messages, look for empty channels. */
  restored(): void {
    for (const session of this.music?.engine.knownSessions() ?? []) {
      this.publisher?.changed(session.guildId);
      this.watcher?.check(session.guildId);
    }
  }

  async stop(): Promise<void> {
    this.client.off(Events.VoiceStateUpdate, this.onVoiceState);
    this.client.off(Events.GuildDelete, this.onGuildDelete);
    await this.unsubscribe?.();
    this.publisher?.stop();
    this.watcher?.stop();
  }
}

/**
 * The bot leaves through the `leave` operation like a user would, acting for itself: in the
 * player's channel, with manager rights, so the operation's checks pass.
 */
async function leave(service: MusicService, botId: string, guildId: string): Promise<void> {
  const { voiceChannelId } = await service.snapshot(guildId);
  if (!voiceChannelId) return;
  await service.execute(
    guildId,
    { userId: botId, voiceChannelId, roleIds: [], canManageGuild: true },
    { type: 'leave' },
  );
}

/**
 * Pause when empty: the bot pauses or resumes like `leave` above, acting for itself. Only a
 * player in the state to change is touched; true when it was.
 */
async function pauseOrResume(
  service: MusicService,
  botId: string,
  guildId: string,
  type: 'pause' | 'resume',
): Promise<boolean> {
  const { voiceChannelId, current, paused } = await service.snapshot(guildId);
  if (!voiceChannelId || !current || paused === (type === 'pause')) return false;
  await service.execute(
    guildId,
    { userId: botId, voiceChannelId, roleIds: [], canManageGuild: true },
    { type },
  );
  return true;
}
