/**
 * The settings capability (`settingsCapability`) and the settings every capability reads: one
 * validated document per guild (`GuildSettingsRepository`), its wire shapes, and the
 * `settings.updated` announcement.
 */

export { AUDIT_RETENTION_JOB, pruneAuditLog } from './audit-retention.ts';
export { settingsCapability } from './capability.ts';
export {
  type AuditLogEntry,
  type AuditLogPage,
  auditLogEntrySchema,
  auditLogPageSchema,
  defaultGuildSettings,
  type GuildSettings,
  type GuildSettingsPatch,
  guildSettingsPatchSchema,
  guildSettingsSchema,
  type SettingDescriptor,
  type SettingPicker,
  type SettingsUpdatedEvent,
  type SettingsUpdateReply,
  type SettingValue,
  settingDescriptorListSchema,
  settingDescriptorSchema,
  settingPickers,
  settingsReplySchema,
  settingsUpdatedEventSchema,
  settingsUpdateReplySchema,
} from './contract.ts';
export { describeSettings } from './describe.ts';
export { changeSetting, type SettingChangeRequest } from './gateway/settings-changes.ts';
export { type SupportedLanguage, supportedLanguages } from './languages.ts';
export {
  type ActorContext,
  type AuditEntry,
  GuildSettingsRepository,
  type SettingsChange,
} from './settings-repository.ts';
export { SETTINGS_UPDATED_TOPIC } from './settings-updated.ts';
