import { z } from 'zod';

const id = z.string().regex(/^\d{1,25}$/, 'expected a snowflake id');
const permissions = z.union([z.string().regex(/^\d+$/), z.number().int().min(0), z.bigint()]);
const timeouts = {
  ackTimeoutMs: z.number().int().positive().optional(),
  answerTimeoutMs: z.number().int().positive().optional(),
};

/** Channel types by name or number. */
export const channelTypeSchema = z
  .union([z.enum(['text', 'voice', 'category', 'announcement', 'stage']), z.number().int()])
  .default('text');

export const overwriteInput = z.object({
  id,
  type: z.union([z.enum(['role', 'member']), z.literal(0), z.literal(1)]),
  allow: permissions.optional(),
  deny: permissions.optional(),
});

export const controlSchemas = {
  createApplication: z.object({
    name: z.string().min(1).max(32),
    token: z.string().min(10).optional(),
    clientSecret: z.string().min(8).optional(),
    flags: z.number().int().min(0).optional(),
    redirectUris: z.array(z.string().url()).optional(),
    ownerId: id.optional(),
  }),
  updateApplication: z.object({
    applicationId: id.optional(),
    flags: z.number().int().min(0).optional(),
    redirectUris: z.array(z.string().url()).optional(),
  }),
  createUser: z.object({
    username: z.string().min(2).max(32),
    globalName: z.string().max(32).nullish(),
    locale: z.string().optional(),
    bot: z.boolean().optional(),
  }),
  updateUser: z.object({
    userId: id,
    /** The client language, sent as `locale` on the user's interactions (Discord's codes: de, fr, es-ES, en-US…). */
    locale: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/, { error: 'must be a Discord locale such as de, fr, es-ES or en-US' })
      .optional(),
    globalName: z.string().max(32).nullish(),
  }),
  createGuild: z.object({
    name: z.string().min(2).max(100),
    ownerId: id,
    locale: z.string().optional(),
    everyonePermissions: permissions.optional(),
    /** Add the (default) application's bot right away; true unless false. */
    addBot: z.boolean().default(true),
    botPermissions: permissions.optional(),
    applicationId: id.optional(),
  }),
  createChannel: z.object({
    guildId: id,
    name: z.string().min(1).max(100),
    type: channelTypeSchema,
    parentId: id.nullish(),
    topic: z.string().max(1024).nullish(),
    userLimit: z.number().int().min(0).max(99).optional(),
    bitrate: z.number().int().min(8000).max(384_000).optional(),
    position: z.number().int().optional(),
    overwrites: z.array(overwriteInput).optional(),
  }),
  updateChannel: z.object({
    channelId: id,
    name: z.string().min(1).max(100).optional(),
    parentId: id.nullish(),
    topic: z.string().max(1024).nullish(),
    userLimit: z.number().int().min(0).max(99).optional(),
    position: z.number().int().optional(),
    overwrites: z.array(overwriteInput).optional(),
  }),
  deleteChannel: z.object({ channelId: id }),
  setPermissionOverwrite: z.object({ channelId: id }).and(overwriteInput),
  deletePermissionOverwrite: z.object({ channelId: id, id }),
  createRole: z.object({
    guildId: id,
    name: z.string().min(1).max(100),
    permissions: permissions.optional(),
    color: z.number().int().min(0).max(0xffffff).optional(),
    hoist: z.boolean().optional(),
    mentionable: z.boolean().optional(),
    position: z.number().int().min(1).optional(),
  }),
  updateRole: z.object({
    guildId: id,
    roleId: id,
    name: z.string().min(1).max(100).optional(),
    permissions: permissions.optional(),
    color: z.number().int().min(0).max(0xffffff).optional(),
  }),
  deleteRole: z.object({ guildId: id, roleId: id }),
  addMember: z.object({
    guildId: id,
    userId: id,
    roles: z.array(id).optional(),
    nick: z.string().max(32).nullish(),
  }),
  removeMember: z.object({ guildId: id, userId: id }),
  updateMember: z.object({
    guildId: id,
    userId: id,
    roles: z.array(id).optional(),
    nick: z.string().max(32).nullish(),
    mute: z.boolean().optional(),
    deaf: z.boolean().optional(),
    communicationDisabledUntil: z.string().nullish(),
  }),
  addBotToGuild: z.object({ guildId: id, applicationId: id.optional(), permissions: permissions.optional() }),
  removeBotFromGuild: z.object({ guildId: id, applicationId: id.optional() }),

  slashCommand: z.object({
    channelId: id,
    userId: id,
    command: z.string().min(1),
    subcommandGroup: z.string().optional(),
    subcommand: z.string().optional(),
    options: z
      .record(
        z.string(),
        z.union([
          z.string(),
          z.number(),
          z.boolean(),
          z.object({
            filename: z.string(),
            size: z.number().int().optional(),
            contentType: z.string().optional(),
            url: z.string().optional(),
          }),
        ]),
      )
      .optional(),
    locale: z.string().optional(),
    applicationId: id.optional(),
    ...timeouts,
  }),
  autocomplete: z.object({
    channelId: id,
    userId: id,
    command: z.string().min(1),
    subcommandGroup: z.string().optional(),
    subcommand: z.string().optional(),
    options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    focused: z.string(),
    locale: z.string().optional(),
    applicationId: id.optional(),
    ...timeouts,
  }),
  clickButton: z.object({
    messageId: id,
    customId: z.string(),
    userId: id,
    locale: z.string().optional(),
    ...timeouts,
  }),
  selectMenu: z.object({
    messageId: id,
    customId: z.string(),
    userId: id,
    values: z.array(z.string()).max(25),
    locale: z.string().optional(),
    ...timeouts,
  }),
  submitModal: z.object({
    userId: id,
    customId: z.string(),
    fields: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    /** Where the modal was shown; taken from the bot's modal when omitted. */
    channelId: id.optional(),
    applicationId: id.optional(),
    locale: z.string().optional(),
    ...timeouts,
  }),
  followUps: z.object({
    interactionId: id,
    count: z.number().int().min(0).optional(),
    timeoutMs: z.number().int().positive().optional(),
  }),
  interaction: z.object({ interactionId: id }),

  joinVoice: z.object({
    channelId: id,
    userId: id,
    selfMute: z.boolean().optional(),
    selfDeaf: z.boolean().optional(),
  }),
  leaveVoice: z.object({ guildId: id, userId: id }),
  voiceStates: z.object({ guildId: id }),
  voiceReception: z.object({
    guildId: id,
    channelId: id.optional(),
    userId: id.optional(),
    // Numbers may come as query-string text (GET /control/voice/:guildId?lastMs=2000).
    lastMs: z.coerce.number().int().positive().max(600_000).optional(),
    fromMs: z.coerce.number().int().min(0).optional(),
    toMs: z.coerce.number().int().min(0).optional(),
  }),

  sendMessage: z.object({
    channelId: id,
    userId: id,
    content: z.string().max(2000).default(''),
    embeds: z.array(z.record(z.string(), z.unknown())).max(10).optional(),
    replyTo: id.optional(),
  }),
  openDm: z.object({ userId: id, applicationId: id.optional() }),
  listMessages: z.object({ channelId: id, limit: z.number().int().min(1).max(1000).optional() }),
  getMessage: z.object({ messageId: id }),
  deleteMessage: z.object({ messageId: id }),
  addReaction: z.object({ messageId: id, userId: id, emoji: z.string().min(1) }),
  removeReaction: z.object({ messageId: id, userId: id, emoji: z.string().min(1) }),

  sessionFilter: z.object({
    sessionId: z.string().optional(),
    applicationId: id.optional(),
    shardId: z.number().int().optional(),
  }),
  invalidateSession: z.object({
    sessionId: z.string().optional(),
    applicationId: id.optional(),
    shardId: z.number().int().optional(),
    resumable: z.boolean().default(false),
  }),
  waitForSession: z.object({
    event: z.enum(['identify', 'resume']),
    timeoutMs: z.number().int().positive().default(10_000),
  }),

  rateLimit: z.object({
    route: z.string().min(2).optional(),
    global: z.boolean().optional(),
    retryAfterSeconds: z.number().positive().max(3600),
    times: z.number().int().positive().optional(),
    durationMs: z.number().int().positive().optional(),
  }),
  requests: z.object({ route: z.string().optional() }),

  setDefaultOAuthUser: z.object({ userId: id }),
  issueUserToken: z.object({
    userId: id,
    applicationId: id.optional(),
    scopes: z.array(z.string()).default(['identify', 'guilds']),
  }),

  guild: z.object({ guildId: id }),
  permissions: z.object({ guildId: id, userId: id, channelId: id.optional() }),
  commands: z.object({ guildId: id.optional(), applicationId: id.optional() }),
} as const;

/** The input type of a control operation. */
export type ControlInput<K extends keyof typeof controlSchemas> = z.input<(typeof controlSchemas)[K]>;
