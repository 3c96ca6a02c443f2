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
export { type SupportedLanguage, supportedLanguages } from './languages.ts';
export { SETTINGS_UPDATED_TOPIC } from './settings-updated.ts';
