/**
 * Bus topic published after every settings change, wherever it was made (the panel's
 * PATCH, the bot's /settings and /247), so every role sees the new values. It carries a
 * `SettingsUpdatedEvent` (contract.ts).
 */
export const SETTINGS_UPDATED_TOPIC = 'settings.updated';
