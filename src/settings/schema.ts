import { z } from 'zod';

const snowflake = z.string().regex(/^\d{15,21}$/, { error: 'must be a Discord id' });

/** Languages the bot and the dashboard speak. */
export const supportedLanguages = ['en', 'de', 'fr', 'es'] as const;

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
  language: fields.language.default('en'),
  embedColor: fields.embedColor.default('#5865F2'),
});

export type GuildSettings = z.output<typeof guildSettingsSchema>;

/** A partial update: every field optional, same caps, unknown fields refused. */
export const guildSettingsPatchSchema = z.object(fields).partial().strict();

export type GuildSettingsPatch = z.output<typeof guildSettingsPatchSchema>;

export const defaultGuildSettings: GuildSettings = guildSettingsSchema.parse({});
