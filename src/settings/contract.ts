import { z } from 'zod';
import { supportedLanguages } from './languages.ts';

export { type SupportedLanguage, supportedLanguages } from './languages.ts';

/*
 * The settings' wire shapes: the settings themselves (the one schema `/settings` in Discord and
 * the panel both edit), how the panel's form describes each, and the audit log of their changes.
 * Browser-clean (zod and languages.ts only): the dashboard imports its types from here.
 */

const snowflake = z.string().regex(/^\d{15,21}$/, { error: 'must be a Discord id' });

/**
 * Each setting's rule and caps, without defaults (a patch must not fill in what it omits).
 * `.meta({ picker })` tells the panel which of the server's things an id names (`role`,
 * `textChannel`, `voiceChannel`, `category`) and `.meta({ format: 'color' })` a colour, so a new
 * setting shows up in the panel's form without touching the dashboard (`describeSettings`).
 */
const fields = {
  djRoleId: snowflake.nullable().meta({ picker: 'role' }),
  defaultVolume: z.number().int().min(0).max(200),
  maxQueueLength: z.number().int().min(1).max(5000),
  /** Longest track accepted, in seconds; 0 means no limit. */
  maxTrackLengthSeconds: z.number().int().min(0).max(86_400),
  /** Share of the listeners in the channel that must vote to skip. */
  voteSkipRatio: z.number().min(0.1).max(1),
  announceChannelId: snowflake.nullable().meta({ picker: 'textChannel' }),
  /** Seconds to stay in an empty voice channel before leaving. */
  leaveWhenEmptySeconds: z.number().int().min(0).max(3600),
  stayConnected247: z.boolean(),
  // Pause when empty and channel restrictions (issue 14).
  /** Pause when everyone leaves voice and resume when someone comes back, instead of leaving. */
  pauseWhenEmpty: z.boolean(),
  /** The text channel music commands are answered in; null: any. Manage Server may use any. */
  musicTextChannelId: snowflake.nullable().meta({ picker: 'textChannel' }),
  /** The voice channel the bot plays in; null: any. */
  musicVoiceChannelId: snowflake.nullable().meta({ picker: 'voiceChannel' }),
  /** A text channel where every plain message from a member is queued as a /play query. */
  requestChannelId: snowflake.nullable().meta({ picker: 'textChannel' }),
  language: z.enum(supportedLanguages),
  embedColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, { error: 'must be a colour like #5865F2' })
    .meta({ format: 'color' }),
};

/**
 * A guild's settings: the one schema that `/settings` in Discord and the control panel both
 * edit, so the caps are the same wherever a value is changed.
 */
export const guildSettingsSchema = z.object({
  djRoleId: fields.djRoleId.default(null),
  // 100 is unity gain: Opus sources then pass through the audio node without ffmpeg.
  defaultVolume: fields.defaultVolume.default(100),
  maxQueueLength: fields.maxQueueLength.default(1000),
  maxTrackLengthSeconds: fields.maxTrackLengthSeconds.default(0),
  voteSkipRatio: fields.voteSkipRatio.default(0.5),
  announceChannelId: fields.announceChannelId.default(null),
  leaveWhenEmptySeconds: fields.leaveWhenEmptySeconds.default(120),
  stayConnected247: fields.stayConnected247.default(false),
  pauseWhenEmpty: fields.pauseWhenEmpty.default(false),
  musicTextChannelId: fields.musicTextChannelId.default(null),
  musicVoiceChannelId: fields.musicVoiceChannelId.default(null),
  requestChannelId: fields.requestChannelId.default(null),
  language: fields.language.default('en'),
  embedColor: fields.embedColor.default('#5865F2'),
});

export type GuildSettings = z.output<typeof guildSettingsSchema>;

/** A partial update: every field optional, same caps, unknown fields refused. */
export const guildSettingsPatchSchema = z.object(fields).partial().strict();

export type GuildSettingsPatch = z.output<typeof guildSettingsPatchSchema>;

export const defaultGuildSettings: GuildSettings = guildSettingsSchema.parse({});

/** `GET /api/guilds/:guildId/settings`. */
export const settingsReplySchema = z.object({ settings: guildSettingsSchema });
export type SettingsReply = z.output<typeof settingsReplySchema>;

/** `PATCH /api/guilds/:guildId/settings`: the settings after the change, and the keys it changed. */
export const settingsUpdateReplySchema = z.object({
  settings: guildSettingsSchema,
  changed: z.array(z.string()),
});
export type SettingsUpdateReply = z.output<typeof settingsUpdateReplySchema>;

/** What `settings.updated` carries, and the panel's `settings` event. */
export const settingsUpdatedEventSchema = z.object({
  guildId: z.string(),
  settings: guildSettingsSchema,
  diff: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
  actorId: z.string(),
});
export type SettingsUpdatedEvent = z.output<typeof settingsUpdatedEventSchema>;

/** What kind of the server's things an id setting names; the panel offers a list of those. */
export const settingPickers = ['role', 'textChannel', 'voiceChannel', 'category'] as const;
export type SettingPicker = (typeof settingPickers)[number];

/** One setting's value, of whatever type: the panel's form edits them generically. */
export const settingValueSchema = z.union([z.boolean(), z.number(), z.string(), z.null()]);
export type SettingValue = z.output<typeof settingValueSchema>;

/** One setting as the panel's form needs it, worked out from the settings schema (describe.ts). */
export const settingDescriptorSchema = z.object({
  key: z.string(),
  type: z.enum(['boolean', 'integer', 'number', 'string', 'enum']),
  /** Whether the setting may be "none" (null). */
  nullable: z.boolean(),
  default: settingValueSchema,
  /** Inclusive bounds of a number. */
  min: z.number().nullable(),
  max: z.number().nullable(),
  /** A number's step when the schema names one (`multipleOf`), 1 for integers. */
  step: z.number().nullable(),
  /** An enum's allowed values. */
  values: z.array(z.string()).nullable(),
  /** A string's pattern (a JavaScript regular expression without flags). */
  pattern: z.string().nullable(),
  maxLength: z.number().int().nullable(),
  picker: z.enum(settingPickers).nullable(),
  /** A string's presentation hint: `color` is `#rrggbb`. */
  format: z.enum(['color']).nullable(),
  /**
   * Present when the setting has no effect on this installation, and why (issue 14): a request
   * channel without the Message Content intent (DISCORD_MESSAGE_CONTENT) hears nothing.
   */
  inactive: z.enum(['messageContentIntent']).optional(),
});
export type SettingDescriptor = z.output<typeof settingDescriptorSchema>;

/** `GET /api/guilds/:guildId/settings/schema`. */
export const settingDescriptorListSchema = z.object({ settings: z.array(settingDescriptorSchema) });
export type SettingDescriptorList = z.output<typeof settingDescriptorListSchema>;

/** One audited change (`settings.update`, …). */
export const auditLogEntrySchema = z.object({
  id: z.number().int(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable().describe('The actor’s Discord name if they ever logged in to the panel'),
  action: z.string(),
  target: z.string().nullable(),
  /** For `settings.update`: `{ field: { before, after } }`. */
  changes: z.unknown(),
  requestId: z.string().nullable().describe('Our id of the request that made the change'),
  callerRequestId: z
    .string()
    .nullable()
    .describe('The caller’s own X-Request-Id, when they sent one (theirs, not ours)'),
  createdAt: z.iso.datetime(),
});
export type AuditLogEntry = z.output<typeof auditLogEntrySchema>;

/** `GET /api/guilds/:guildId/audit`: a page of entries, newest first; `nextBefore` asks for the next. */
export const auditLogPageSchema = z.object({
  entries: z.array(auditLogEntrySchema),
  nextBefore: z.number().int().nullable(),
});
export type AuditLogPage = z.output<typeof auditLogPageSchema>;
