import { z } from 'zod';
import { snowflakeSchema } from '../../http/contract.ts';
import { type RefusalKind, SANDBOX_LOCALES } from './sandbox-values.ts';

export { type RefusalKind, refusalKinds, SANDBOX_LOCALES } from './sandbox-values.ts';

/*
 * The sandbox API's wire shapes (docs/api.md "Sandbox"). Browser-clean (zod and the http
 * module's contract.ts only): the dashboard imports its types from here.
 */

// ---- requests ------------------------------------------------------------------------------------

/** A typed option value, as the emulator's slash command takes it. */
const optionValueSchema = z.union([z.string().max(6000), z.number(), z.boolean()]);

export const runCommandBodySchema = z.strictObject({
  userId: snowflakeSchema.describe('The demo user who runs the command'),
  channelId: snowflakeSchema.describe('A text channel of the sandbox server'),
  command: z
    .string()
    .regex(/^[-_\p{L}\p{N}]{1,32}$/u, { error: 'must be a command name' })
    .describe('The command name, without the slash'),
  subcommandGroup: z.string().min(1).max(32).optional(),
  subcommand: z.string().min(1).max(32).optional(),
  options: z.record(z.string().min(1).max(32), optionValueSchema).default({}),
  text: z
    .string()
    .max(4000)
    .optional()
    .describe('What the user typed, shown above the answer (defaults to the command and options)'),
});
export type RunCommandBody = z.output<typeof runCommandBodySchema>;
/** What the page sends: `options` may be left out. */
export type RunCommandInput = z.input<typeof runCommandBodySchema>;

export const autocompleteBodySchema = runCommandBodySchema.omit({ text: true }).extend({
  focused: z
    .string()
    .min(1)
    .max(32)
    .describe('The option being typed; its value in `options` is what is typed so far'),
});
export type AutocompleteBody = z.output<typeof autocompleteBodySchema>;
export type AutocompleteInput = z.input<typeof autocompleteBodySchema>;

/** The bot's suggestions for an option being typed (at most 25, as Discord allows). */
export const autocompleteChoicesSchema = z.object({
  choices: z.array(z.object({ name: z.string(), value: z.union([z.string(), z.number()]) })),
});
export type AutocompleteChoices = z.infer<typeof autocompleteChoicesSchema>;

export const clickButtonBodySchema = z.strictObject({
  userId: snowflakeSchema,
  messageId: snowflakeSchema,
  customId: z.string().min(1).max(100),
});
export type ClickButtonBody = z.output<typeof clickButtonBodySchema>;

export const selectMenuBodySchema = z.strictObject({
  userId: snowflakeSchema,
  messageId: snowflakeSchema,
  customId: z.string().min(1).max(100),
  values: z.array(z.string().min(1).max(100)).min(1).max(25),
});
export type SelectMenuBody = z.output<typeof selectMenuBodySchema>;

export const sendMessageBodySchema = z.strictObject({
  userId: snowflakeSchema,
  channelId: snowflakeSchema,
  content: z.string().trim().min(1).max(2000),
});
export type SendMessageBody = z.output<typeof sendMessageBodySchema>;

export const localeBodySchema = z.strictObject({
  userId: snowflakeSchema.describe('The demo user whose client language changes'),
  locale: z.enum(SANDBOX_LOCALES).describe('Sent as `locale` on their interactions: the bot answers in it'),
});
export type LocaleBody = z.output<typeof localeBodySchema>;

export const voiceBodySchema = z.strictObject({
  userId: snowflakeSchema,
  channelId: snowflakeSchema.nullable().describe('A voice channel to join (or move to); null leaves'),
});
export type VoiceBody = z.output<typeof voiceBodySchema>;

export const messagesQuerySchema = z.strictObject({
  viewer: snowflakeSchema.optional().describe('Whose ephemeral answers to include (they see only their own)'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const channelParamsSchema = z.object({ channelId: snowflakeSchema });

// ---- refusals ------------------------------------------------------------------------------------

export interface RefusalDetails {
  refusal: RefusalKind;
  option?: string;
}

// ---- answers -------------------------------------------------------------------------------------

const personSchema = z.object({ id: z.string(), name: z.string(), bot: z.boolean() });
export type SandboxPerson = z.infer<typeof personSchema>;

export const sandboxUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  username: z.string(),
  owner: z.boolean(),
  roles: z.array(z.string()).describe('Role names (alice is the DJ)'),
  locale: z.string().describe('The client language the user runs commands in (Discord code, e.g. de)'),
});

export const sandboxStateSchema = z
  .object({
    guild: z.object({ id: z.string(), name: z.string() }),
    channels: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        kind: z.enum(['text', 'voice']),
        category: z.string().nullable(),
      }),
    ),
    users: z.array(sandboxUserSchema).describe('The demo users, owner first'),
    roles: z
      .array(z.object({ id: z.string(), name: z.string() }))
      .describe('The roles people can be given (not @everyone, not the bot’s own)'),
    bot: personSchema,
    voiceStates: z.array(z.object({ userId: z.string(), channelId: z.string() })),
    audio: z.object({
      connected: z.boolean().describe("The bot's voice connection to the emulator's voice server is up"),
      sending: z.boolean().describe('Audio packets arrived within the last 600 ms'),
      lastPacketAt: z.number().nullable(),
    }),
    defaults: z.object({ textChannelId: z.string(), voiceChannelId: z.string() }),
  })
  .meta({ id: 'SandboxState' });
export type SandboxState = z.infer<typeof sandboxStateSchema>;

const embedSchema = z.object({
  title: z.string().nullable(),
  url: z.string().nullable(),
  description: z.string().nullable(),
  color: z.number().int().nullable(),
  author: z
    .object({ name: z.string(), url: z.string().nullable(), iconUrl: z.string().nullable() })
    .nullable(),
  fields: z.array(z.object({ name: z.string(), value: z.string(), inline: z.boolean() })),
  footer: z.object({ text: z.string(), iconUrl: z.string().nullable() }).nullable(),
  thumbnailUrl: z.string().nullable(),
  imageUrl: z.string().nullable(),
  timestamp: z.string().nullable(),
});
export type SandboxEmbed = z.infer<typeof embedSchema>;

const buttonSchema = z.object({
  kind: z.literal('button'),
  customId: z.string().nullable(),
  label: z.string().nullable(),
  emoji: z.string().nullable(),
  style: z.enum(['primary', 'secondary', 'success', 'danger', 'link', 'premium']),
  url: z.string().nullable(),
  disabled: z.boolean(),
});
const selectSchema = z.object({
  kind: z.literal('select'),
  customId: z.string(),
  placeholder: z.string().nullable(),
  minValues: z.number().int(),
  maxValues: z.number().int(),
  disabled: z.boolean(),
  options: z.array(
    z.object({
      label: z.string(),
      value: z.string(),
      description: z.string().nullable(),
      emoji: z.string().nullable(),
      default: z.boolean(),
    }),
  ),
});
export type SandboxButton = z.infer<typeof buttonSchema>;
export type SandboxSelect = z.infer<typeof selectSchema>;
export type SandboxComponent = SandboxButton | SandboxSelect;

export const sandboxMessageSchema = z
  .object({
    id: z.string(),
    channelId: z.string(),
    author: personSchema,
    content: z.string(),
    timestamp: z.string(),
    editedTimestamp: z.string().nullable(),
    ephemeral: z.boolean().describe('Only the viewer sees it'),
    embeds: z.array(embedSchema),
    components: z.array(
      z.object({ components: z.array(z.discriminatedUnion('kind', [buttonSchema, selectSchema])) }),
    ),
    attachments: z.array(z.object({ filename: z.string(), url: z.string() })),
    command: z
      .object({
        name: z.string(),
        user: personSchema,
        text: z.string().nullable().describe('What was typed, for commands run from the sandbox page'),
      })
      .nullable()
      .describe('The slash command (or component) this message answers'),
  })
  .meta({ id: 'SandboxMessage' });
export type SandboxMessage = z.infer<typeof sandboxMessageSchema>;

export const interactionAnswerSchema = z
  .object({
    interactionId: z.string(),
    responseType: z.number().int(),
    ephemeral: z.boolean(),
    message: sandboxMessageSchema.nullable(),
    followUps: z.array(sandboxMessageSchema),
    modal: z.boolean().describe('The bot answered with a modal (not shown by the sandbox page)'),
  })
  .meta({ id: 'SandboxInteractionAnswer' });
export type InteractionAnswer = z.infer<typeof interactionAnswerSchema>;

const optionTypeSchema = z.enum([
  'string',
  'integer',
  'boolean',
  'user',
  'channel',
  'role',
  'mentionable',
  'number',
  'attachment',
]);
export type SandboxOptionType = z.infer<typeof optionTypeSchema>;

/** Discord's `name_localizations` / `description_localizations`: locale → text. */
const localizationsSchema = z.record(z.string(), z.string());
const localized = {
  nameLocalizations: localizationsSchema,
  descriptionLocalizations: localizationsSchema,
};

const commandOptionSchema = z.object({
  name: z.string(),
  description: z.string(),
  ...localized,
  type: optionTypeSchema,
  required: z.boolean(),
  autocomplete: z.boolean(),
  choices: z.array(
    z.object({
      name: z.string(),
      nameLocalizations: localizationsSchema,
      value: z.union([z.string(), z.number()]),
    }),
  ),
});
export type SandboxCommandOption = z.infer<typeof commandOptionSchema>;

const subcommandSchema = z.object({
  name: z.string(),
  description: z.string(),
  ...localized,
  group: z.string().nullable(),
  groupLocalizations: localizationsSchema,
  options: z.array(commandOptionSchema),
});

export const sandboxCommandSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    ...localized,
    options: z.array(commandOptionSchema),
    subcommands: z.array(subcommandSchema),
  })
  .meta({ id: 'SandboxCommand' });
export type SandboxCommand = z.infer<typeof sandboxCommandSchema>;

export const voiceStatesSchema = z.object({
  voiceStates: z.array(z.object({ userId: z.string(), channelId: z.string() })),
});
export type VoiceStates = z.infer<typeof voiceStatesSchema>;

/** `GET /api/sandbox/commands`. */
export const sandboxCommandListSchema = z.object({ commands: z.array(sandboxCommandSchema) });
export type SandboxCommandList = z.infer<typeof sandboxCommandListSchema>;

/** `GET /api/sandbox/channels/:channelId/messages`. */
export const sandboxMessageListSchema = z.object({ messages: z.array(sandboxMessageSchema) });
export type SandboxMessageList = z.infer<typeof sandboxMessageListSchema>;
