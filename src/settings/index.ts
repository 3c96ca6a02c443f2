export {
  describeSettings,
  type SettingDescriptor,
  type SettingPicker,
  settingDescriptorSchema,
  settingPickers,
} from './describe.ts';
export {
  defaultGuildSettings,
  type GuildSettings,
  type GuildSettingsPatch,
  guildSettingsPatchSchema,
  guildSettingsSchema,
  supportedLanguages,
} from './schema.ts';
export { SETTINGS_UPDATED_TOPIC, type SettingsUpdatedEvent } from './settings-updated.ts';
