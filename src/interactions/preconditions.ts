import type { GuildInteractionContext } from './command-types.ts';
import { UserFacingError } from './user-facing-error.ts';

/**
 * Checks a command makes before it acts. Discord hides a command from members without its
 * `default_member_permissions`, but server admins can change who sees it (Integrations
 * settings): the bot checks again itself.
 */
export function requireManageGuild({ actor }: Pick<GuildInteractionContext, 'actor'>): void {
  if (!actor.canManageGuild) throw new UserFacingError('error.MANAGE_GUILD_ONLY');
}
