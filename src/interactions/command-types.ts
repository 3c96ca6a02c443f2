import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  StringSelectMenuInteraction,
} from 'discord.js';
import type { Bus } from '../bus/index.ts';
import type { Language, MessageKey, Translate } from '../i18n/index.ts';
import type { Logger } from '../logging/index.ts';
import type { GuildSettings, GuildSettingsRepository } from '../settings/index.ts';
import type { Actor } from './actor.ts';
import type { PickStore } from './pick-store.ts';

/**
 * What every command handler may use, whatever its capability: the guild's settings, the
 * pick lists, the log and the bus. A capability's handlers get these and the services its own
 * gateway part started (`S`).
 */
export interface CoreServices {
  settings: GuildSettingsRepository;
  picks: PickStore;
  logger: Logger;
  /** Where changes are announced (`settings.updated`, …), as the panel does. */
  bus: Bus;
  /** Every registered slash command, in registration order: what /help lists. */
  commands: readonly CommandListing[];
}

/**
 * The group /help lists a command under. A group is its heading's catalogue key
 * (`help.category.<name>`): a capability adds one by adding that key in every language.
 */
export type HelpCategory = MessageKey extends infer K
  ? K extends `help.category.${infer C}`
    ? C
    : never
  : never;

/** A registered slash command as /help sees it: its definition (localised texts included). */
export interface CommandListing {
  capability: string;
  category: HelpCategory | undefined;
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
}

/** One interaction in a guild, with who is acting and how to speak to them. */
export interface GuildInteractionContext<S = unknown> {
  guildId: string;
  actor: Actor;
  settings: GuildSettings;
  language: Language;
  t: Translate;
  services: CoreServices & S;
}

export interface CommandContext<S = unknown> extends GuildInteractionContext<S> {
  interaction: ChatInputCommandInteraction;
}

export interface ComponentContext<S = unknown> extends GuildInteractionContext<S> {
  interaction: ButtonInteraction | StringSelectMenuInteraction;
  /** The custom id after the handler's prefix and ':'. */
  argument: string;
}

export interface SlashCommand<S = unknown> {
  name: string;
  /** Where /help lists it; without one it goes under "More". */
  category?: HelpCategory;
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(context: CommandContext<S>): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: GuildInteractionContext<S>): Promise<void>;
}

/** Buttons and menus whose custom id starts with `${prefix}:`. */
export interface ComponentHandler<S = unknown> {
  prefix: string;
  handle(context: ComponentContext<S>): Promise<void>;
}
