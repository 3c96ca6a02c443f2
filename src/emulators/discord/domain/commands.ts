import { z } from 'zod';
import { ApiErrors } from '../errors.ts';
import type { Json } from '../state/serialize.ts';
import type { CommandDefinition, CommandOptionDefinition, CommandRecord } from '../state/types.ts';
import type { World } from './world.ts';

/** Application command option types. */
export const OptionType = {
  SUB_COMMAND: 1,
  SUB_COMMAND_GROUP: 2,
  STRING: 3,
  INTEGER: 4,
  BOOLEAN: 5,
  USER: 6,
  CHANNEL: 7,
  ROLE: 8,
  MENTIONABLE: 9,
  NUMBER: 10,
  ATTACHMENT: 11,
} as const;

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const nameSchema = z.string().regex(NAME, 'Command name is invalid');
const localizations = z.record(z.string(), z.string()).nullish();

const choiceSchema = z.looseObject({
  name: z.string().min(1).max(100),
  name_localizations: localizations,
  value: z.union([z.string().max(100), z.number()]),
});

const optionSchema: z.ZodType<CommandOptionDefinition> = z.lazy(() =>
  z.looseObject({
    type: z.number().int().min(1).max(11),
    name: nameSchema,
    name_localizations: localizations,
    description: z.string().min(1).max(100),
    description_localizations: localizations,
    required: z.boolean().optional(),
    choices: z.array(choiceSchema).max(25).optional(),
    options: z.array(optionSchema).max(25).optional(),
    channel_types: z.array(z.number().int()).optional(),
    min_value: z.number().optional(),
    max_value: z.number().optional(),
    min_length: z.number().int().min(0).max(6000).optional(),
    max_length: z.number().int().min(1).max(6000).optional(),
    autocomplete: z.boolean().optional(),
  }),
);

/** One command as an application registers it (POST, or an element of the bulk PUT). */
export const commandDefinitionSchema = z
  .looseObject({
    name: nameSchema,
    name_localizations: localizations,
    type: z.number().int().min(1).max(4).default(1),
    description: z.string().max(100).default(''),
    description_localizations: localizations,
    options: z.array(optionSchema).max(25).default([]),
    default_member_permissions: z.string().regex(/^\d+$/).nullish(),
    dm_permission: z.boolean().nullish(),
    nsfw: z.boolean().default(false),
    contexts: z.array(z.number().int().min(0).max(2)).nullish(),
    integration_types: z.array(z.number().int().min(0).max(1)).nullish(),
  })
  .superRefine((command, ctx) => {
    if (command.type === 1) {
      if (command.description.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['description'],
          message: 'Chat input commands need a description',
        });
      }
      if (command.name !== command.name.toLowerCase()) {
        ctx.addIssue({
          code: 'custom',
          path: ['name'],
          message: 'Chat input command names must be lower case',
        });
      }
    }
    checkOptions(command.options, ['options'], 0, ctx);
  });

function checkOptions(
  options: readonly CommandOptionDefinition[],
  path: (string | number)[],
  depth: number,
  ctx: z.RefinementCtx,
): void {
  let sawOptional = false;
  const names = new Set<string>();
  options.forEach((option, index) => {
    const at = [...path, index];
    if (names.has(option.name))
      ctx.addIssue({ code: 'custom', path: [...at, 'name'], message: 'Duplicate name' });
    names.add(option.name);
    const nested = option.type === OptionType.SUB_COMMAND || option.type === OptionType.SUB_COMMAND_GROUP;
    if (nested) {
      if (depth >= 2 || (depth === 1 && option.type === OptionType.SUB_COMMAND_GROUP)) {
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'type'],
          message: 'Subcommands nest at most two levels',
        });
      }
      checkOptions(option.options ?? [], [...at, 'options'], depth + 1, ctx);
      return;
    }
    if (option.required) {
      if (sawOptional) {
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'required'],
          message: 'Required options must be placed before non-required options',
        });
      }
    } else sawOptional = true;
    if (option.choices && option.autocomplete) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'autocomplete'],
        message: 'Autocomplete and choices are exclusive',
      });
    }
    const choosable: number[] = [OptionType.STRING, OptionType.INTEGER, OptionType.NUMBER];
    if (option.choices && !choosable.includes(option.type)) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'choices'],
        message: 'Choices need a string, integer or number option',
      });
    }
  });
}

export type CommandDefinitionInput = z.input<typeof commandDefinitionSchema>;

/** The stored form of a validated definition. */
export function toDefinition(parsed: z.output<typeof commandDefinitionSchema>): CommandDefinition {
  return {
    ...parsed,
    default_member_permissions: parsed.default_member_permissions ?? null,
    contexts: parsed.contexts ?? null,
    integration_types: parsed.integration_types ?? [0],
  };
}

/** The command object Discord answers with. */
export function serializeCommand(command: CommandRecord): Json {
  const d = command.definition;
  return {
    ...d,
    id: command.id,
    application_id: command.applicationId,
    ...(command.guildId ? { guild_id: command.guildId } : {}),
    version: command.version,
    name_localizations: d.name_localizations ?? null,
    description_localizations: d.description_localizations ?? null,
    dm_permission: command.guildId ? undefined : (d.dm_permission ?? true),
    options: d.options.length > 0 ? d.options : undefined,
  };
}

/** Commands of an application: global ones (guildId null) or one guild's. */
export function listCommands(world: World, applicationId: string, guildId: string | null): CommandRecord[] {
  return [...world.store.commands.values()].filter(
    (c) => c.applicationId === applicationId && c.guildId === guildId,
  );
}

/** Bulk overwrite (PUT): replaces the set; a command keeping its name and type keeps its id. */
export function overwriteCommands(
  world: World,
  applicationId: string,
  guildId: string | null,
  definitions: z.output<typeof commandDefinitionSchema>[],
): CommandRecord[] {
  const existing = listCommands(world, applicationId, guildId);
  for (const command of existing) world.store.commands.delete(command.id);
  return definitions.map(
    (parsed) => storeCommand(world, applicationId, guildId, toDefinition(parsed), existing).command,
  );
}

/** Creates a command (POST); one with the same name and type is replaced, as on Discord. */
export function upsertCommand(
  world: World,
  applicationId: string,
  guildId: string | null,
  parsed: z.output<typeof commandDefinitionSchema>,
): { command: CommandRecord; created: boolean } {
  const stored = storeCommand(
    world,
    applicationId,
    guildId,
    toDefinition(parsed),
    listCommands(world, applicationId, guildId),
  );
  return { command: stored.command, created: !stored.replaced };
}

/**
 * Stores a command, keeping the id of the one among `existing` with the same name and type (as
 * Discord does on overwrite) and giving it a new version.
 */
function storeCommand(
  world: World,
  applicationId: string,
  guildId: string | null,
  definition: CommandRecord['definition'],
  existing: readonly CommandRecord[],
): { command: CommandRecord; replaced: boolean } {
  const kept = existing.find(
    (c) => c.definition.name === definition.name && c.definition.type === definition.type,
  );
  const command: CommandRecord = {
    id: kept?.id ?? world.store.ids.next(),
    applicationId,
    guildId,
    definition,
    version: world.store.ids.next(),
  };
  world.store.commands.set(command.id, command);
  return { command, replaced: kept !== undefined };
}

/** One command of the application in that scope, or 10063. */
export function getCommand(
  world: World,
  applicationId: string,
  guildId: string | null,
  id: string,
): CommandRecord {
  const command = world.store.commands.get(id);
  if (!command || command.applicationId !== applicationId || command.guildId !== guildId) {
    throw ApiErrors.unknownCommand();
  }
  return command;
}

/** Finds the command a user would pick: the guild's own first, then the global one. */
export function findCommandByName(
  world: World,
  applicationId: string,
  guildId: string | null,
  name: string,
  type = 1,
): CommandRecord | undefined {
  const match = (c: CommandRecord) => c.definition.name === name && c.definition.type === type;
  return (
    (guildId ? listCommands(world, applicationId, guildId).find(match) : undefined) ??
    listCommands(world, applicationId, null).find(match)
  );
}
