import {
  ChannelType,
  type ChatInputCommandInteraction,
  type SlashCommandSubcommandBuilder,
  type SlashCommandSubcommandGroupBuilder,
} from 'discord.js';
import type { MessageKey, Translate } from '../../i18n/index.ts';
import { describe, formatDuration } from '../../interactions/index.ts';
import type { GuildSettings } from '../contract.ts';
import { supportedLanguages } from '../languages.ts';

type OptionKind =
  | 'role'
  | 'channel'
  | 'voiceChannel'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'language'
  | 'text';

/** One `/settings set <name>` subcommand: the setting it changes and the option it takes. */
export interface SettingField {
  name: string;
  key: keyof GuildSettings;
  kind: OptionKind;
  /** The option's name: `role`, `channel`, `seconds` or `value`. */
  option: string;
}

/**
 * The settings `/settings set` changes. Options carry no bounds: the shared schema
 * (`guildSettingsPatchSchema`) is the one place caps live, and its refusal names the rule.
 */
export const settingFields: readonly SettingField[] = [
  { name: 'dj-role', key: 'djRoleId', kind: 'role', option: 'role' },
  { name: 'default-volume', key: 'defaultVolume', kind: 'integer', option: 'value' },
  { name: 'max-queue-length', key: 'maxQueueLength', kind: 'integer', option: 'value' },
  { name: 'max-track-length', key: 'maxTrackLengthSeconds', kind: 'integer', option: 'seconds' },
  { name: 'vote-skip-ratio', key: 'voteSkipRatio', kind: 'number', option: 'value' },
  { name: 'announce-channel', key: 'announceChannelId', kind: 'channel', option: 'channel' },
  { name: 'leave-when-empty', key: 'leaveWhenEmptySeconds', kind: 'integer', option: 'seconds' },
  { name: '247', key: 'stayConnected247', kind: 'boolean', option: 'value' },
  // Pause when empty and channel restrictions (issue 14).
  { name: 'pause-when-empty', key: 'pauseWhenEmpty', kind: 'boolean', option: 'value' },
  { name: 'music-channel', key: 'musicTextChannelId', kind: 'channel', option: 'channel' },
  { name: 'music-voice-channel', key: 'musicVoiceChannelId', kind: 'voiceChannel', option: 'channel' },
  { name: 'request-channel', key: 'requestChannelId', kind: 'channel', option: 'channel' },
  { name: 'language', key: 'language', kind: 'language', option: 'value' },
  { name: 'embed-colour', key: 'embedColor', kind: 'text', option: 'value' },
];

/** Adds a field's subcommand to the `set` group. */
export function addFieldSubcommand(group: SlashCommandSubcommandGroupBuilder, field: SettingField) {
  return group.addSubcommand((sub: SlashCommandSubcommandBuilder) => {
    describe(sub.setName(field.name), `cmd.settings.set.${field.name}` as MessageKey);
    switch (field.kind) {
      case 'role':
        return sub.addRoleOption((o) => describe(o.setName(field.option), 'cmd.settings.role'));
      case 'channel':
        return sub.addChannelOption((o) =>
          describe(o.setName(field.option), 'cmd.settings.channel').addChannelTypes(
            ChannelType.GuildText,
            ChannelType.GuildAnnouncement,
          ),
        );
      case 'voiceChannel':
        return sub.addChannelOption((o) =>
          describe(o.setName(field.option), 'cmd.settings.voiceChannel').addChannelTypes(
            ChannelType.GuildVoice,
            ChannelType.GuildStageVoice,
          ),
        );
      case 'integer':
        return sub.addIntegerOption((o) =>
          describe(o.setName(field.option).setRequired(true), 'cmd.settings.value'),
        );
      case 'number':
        return sub.addNumberOption((o) =>
          describe(o.setName(field.option).setRequired(true), 'cmd.settings.value'),
        );
      case 'boolean':
        return sub.addBooleanOption((o) =>
          describe(o.setName(field.option).setRequired(true), 'cmd.settings.value'),
        );
      case 'language':
        return sub.addStringOption((o) =>
          describe(o.setName(field.option).setRequired(true), 'cmd.settings.value').addChoices(
            ...supportedLanguages.map((language) => ({ name: language, value: language })),
          ),
        );
      case 'text':
        return sub.addStringOption((o) =>
          describe(o.setName(field.option).setRequired(true).setMaxLength(32), 'cmd.settings.value'),
        );
    }
  });
}

/** The value the user gave; a role or channel left out means "none" (null). */
export function readField(field: SettingField, options: ChatInputCommandInteraction['options']): unknown {
  switch (field.kind) {
    case 'role':
      return options.getRole(field.option)?.id ?? null;
    case 'channel':
    case 'voiceChannel':
      return options.getChannel(field.option)?.id ?? null;
    case 'integer':
      return options.getInteger(field.option, true);
    case 'number':
      return options.getNumber(field.option, true);
    case 'boolean':
      return options.getBoolean(field.option, true);
    case 'language':
    case 'text':
      return options.getString(field.option, true).trim();
  }
}

/** What the field's label is in the user's language. */
export function fieldLabel(field: SettingField, t: Translate): string {
  return t(`settings.field.${field.key}` as MessageKey);
}

/** A setting's value as /settings view shows it. */
export function formatField(field: SettingField, settings: GuildSettings, t: Translate): string {
  const value = settings[field.key];
  switch (field.key) {
    case 'djRoleId':
      return value ? `<@&${value}>` : t('settings.none');
    case 'announceChannelId':
      return value ? `<#${value}>` : t('settings.playerChannel');
    case 'defaultVolume':
      return `${value}%`;
    case 'maxTrackLengthSeconds':
      return value === 0 ? t('settings.noLimit') : formatDuration(Number(value) * 1000);
    case 'voteSkipRatio':
      return `${Math.round(Number(value) * 100)}%`;
    case 'leaveWhenEmptySeconds':
      return t('settings.seconds', { seconds: Number(value) });
    case 'stayConnected247':
    case 'pauseWhenEmpty':
      return value ? t('settings.on') : t('settings.off');
    case 'musicTextChannelId':
    case 'musicVoiceChannelId':
      return value ? `<#${value}>` : t('settings.anyChannel');
    case 'requestChannelId':
      return value ? `<#${value}>` : t('settings.none');
    default:
      return String(value);
  }
}
