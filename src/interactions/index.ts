/**
 * The bot's interaction toolkit, shared by every capability's slash commands and components:
 * the handler types, who is acting, replies within Discord's acknowledgement window, embeds,
 * localised descriptions, time formats and user-facing refusals. It names no capability; the
 * gateway role's router dispatches to the handlers the capabilities bring.
 */
export { type Actor, actorFromInteraction, actorFromMember } from './actor.ts';
export type {
  CommandContext,
  CommandListing,
  ComponentContext,
  ComponentHandler,
  CoreServices,
  GuildInteractionContext,
  HelpCategory,
  SlashCommand,
} from './command-types.ts';
export { embedColour, pageButtons } from './embeds.ts';
export { describe, localized } from './localized.ts';
export { PickStore } from './pick-store.ts';
export { requireManageGuild } from './preconditions.ts';
export { remoteText, withoutControlCharacters } from './remote-text.ts';
export { answer, answerPrivately, withinAck } from './replies.ts';
export { formatDuration, parseTime } from './time-format.ts';
export { UserFacingError } from './user-facing-error.ts';
