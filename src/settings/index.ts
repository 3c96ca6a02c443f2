export {
  defaultGuildSettings,
  type GuildSettings,
  type GuildSettingsPatch,
  guildSettingsPatchSchema,
  guildSettingsSchema,
  supportedLanguages,
} from './schema.ts';
