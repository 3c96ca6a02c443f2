import type { GuildSettings } from './schema.ts';

/**
 * Bus topic published after every settings change, wherever it was made (the panel's
 * PATCH, the bot's /settings and /247), so every role sees the new values.
 */
export const SETTINGS_UPDATED_TOPIC = 'settings.updated';

/** What `settings.updated` carries. */
export interface SettingsUpdatedEvent {
  guildId: string;
  settings: GuildSettings;
  diff: Record<string, { before: unknown; after: unknown }>;
  actorId: string;
}
