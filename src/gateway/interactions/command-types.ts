import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  StringSelectMenuInteraction,
} from 'discord.js';
import type { Bus } from '../../bus/index.ts';
import type { GuildSettingsRepository } from '../../db/index.ts';
import type { Language, Translate } from '../../i18n/index.ts';
import type { Logger } from '../../logging/index.ts';
import type { Actor, MusicService, PlayHistory } from '../../music/index.ts';
import type { PlaylistService } from '../../playlists/index.ts';
import type { GuildSettings } from '../../settings/index.ts';
import type { LyricsProvider } from '../lyrics-provider.ts';
import type { PickStore } from './pick-store.ts';

/** What every command handler may use. */
export interface GatewayServices {
  music: MusicService;
  playlists: PlaylistService;
  settings: GuildSettingsRepository;
  picks: PickStore;
  logger: Logger;
  /** The guild's past plays (`play_events`), for /history. */
  history: PlayHistory;
  /** Where settings changes are announced (`settings.updated`), as the panel does. */
  bus: Bus;
  /** Looks lyrics up; null when no provider is configured, and /lyrics then says so. */
  lyrics: LyricsProvider | null;
}

/** One interaction in a guild, with who is acting and how to speak to them. */
export interface GuildInteractionContext {
  guildId: string;
  actor: Actor;
  settings: GuildSettings;
  language: Language;
  t: Translate;
  services: GatewayServices;
}

export interface CommandContext extends GuildInteractionContext {
  interaction: ChatInputCommandInteraction;
}

export interface ComponentContext extends GuildInteractionContext {
  interaction: ButtonInteraction | StringSelectMenuInteraction;
  /** The custom id after the handler's prefix and ':'. */
  argument: string;
}

export interface SlashCommand {
  name: string;
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(context: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: GuildInteractionContext): Promise<void>;
}

/** Buttons and menus whose custom id starts with `${prefix}:`. */
export interface ComponentHandler {
  prefix: string;
  handle(context: ComponentContext): Promise<void>;
}
