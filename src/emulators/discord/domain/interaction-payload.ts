import { EmulatorUsageError } from '../errors.ts';
import { type Json, serializeChannel, serializeMember, serializeUser } from '../state/serialize.ts';
import type { CommandOptionDefinition, CommandRecord } from '../state/types.ts';
import { OptionType } from './commands.ts';
import { compactResolved, emptyResolved, type OptionValue, typedValue } from './interaction-options.ts';
import type { World } from './world.ts';

/** Interaction types. */
export const InteractionType = {
  PING: 1,
  APPLICATION_COMMAND: 2,
  MESSAGE_COMPONENT: 3,
  AUTOCOMPLETE: 4,
  MODAL_SUBMIT: 5,
} as const;

/** Who does what where. */
export interface InteractionContext {
  applicationId: string;
  guildId: string | null;
  channelId: string;
  userId: string;
  /** The user's client locale; the user's own one when absent. */
  locale?: string;
}

export type { AttachmentOptionValue, OptionValue } from './interaction-options.ts';

/** A slash command as the user types it; option values are matched to the registered option types. */
export interface CommandInvocation {
  command: string;
  subcommandGroup?: string;
  subcommand?: string;
  options?: Record<string, OptionValue>;
  /** Autocomplete only: the option the user is typing in. */
  focused?: string;
}

/**
 * The fields every INTERACTION_CREATE carries: member with channel permissions (guild) or user (DM),
 * app_permissions, locales, channel, entitlements, integration owners.
 */
export function interactionBase(
  world: World,
  ctx: InteractionContext,
  type: number,
  id: string,
  token: string,
): Json {
  const { store } = world;
  const user = store.user(ctx.userId);
  const channel = store.channel(ctx.channelId);
  const app = store.applications.get(ctx.applicationId);
  const base: Json = {
    id,
    application_id: ctx.applicationId,
    type,
    token,
    version: 1,
    channel_id: channel.id,
    locale: ctx.locale ?? user.locale,
    entitlements: [],
    attachment_size_limit: world.limits.maxUploadBytes,
  };
  if (ctx.guildId) {
    const guild = store.guild(ctx.guildId);
    const member = store.member(guild.id, user.id);
    const memberPermissions = store.permissions(guild.id, user.id, channel.id);
    const appPermissions = app ? store.permissions(guild.id, app.botUserId, channel.id) : 0n;
    return {
      ...base,
      guild_id: guild.id,
      guild: { id: guild.id, locale: guild.preferredLocale, features: [] },
      guild_locale: guild.preferredLocale,
      channel: { ...serializeChannel(channel), permissions: memberPermissions.toString() },
      member: { ...serializeMember(store, member), permissions: memberPermissions.toString() },
      app_permissions: appPermissions.toString(),
      authorizing_integration_owners: { '0': guild.id },
      context: 0,
    };
  }
  return {
    ...base,
    channel: { ...serializeChannel(channel), recipients: [serializeUser(user)] },
    user: serializeUser(user),
    app_permissions: '0',
    authorizing_integration_owners: { '0': '0' },
    context: 1,
  };
}

/**
 * Builds `data` of an APPLICATION_COMMAND (or AUTOCOMPLETE) interaction from the registered command:
 * options get their declared types, choices and bounds are checked, users/members/roles/channels/
 * attachments are put in `resolved`. In autocomplete mode values stay as typed and nothing is required.
 */
export function commandData(
  world: World,
  ctx: InteractionContext,
  command: CommandRecord,
  invocation: CommandInvocation,
  autocomplete: boolean,
): Json {
  const resolved = emptyResolved();
  let definitions = command.definition.options;
  const wrap: ((inner: Json[]) => Json[])[] = [];
  const path = [invocation.command];
  if (invocation.subcommandGroup) {
    const group = findOption(definitions, invocation.subcommandGroup, OptionType.SUB_COMMAND_GROUP, path);
    definitions = group.options ?? [];
    path.push(group.name);
    wrap.push((inner) => [{ type: OptionType.SUB_COMMAND_GROUP, name: group.name, options: inner }]);
  }
  if (invocation.subcommand) {
    const sub = findOption(definitions, invocation.subcommand, OptionType.SUB_COMMAND, path);
    definitions = sub.options ?? [];
    path.push(sub.name);
    wrap.push((inner) => [{ type: OptionType.SUB_COMMAND, name: sub.name, options: inner }]);
  } else if (
    definitions.some((d) => d.type === OptionType.SUB_COMMAND || d.type === OptionType.SUB_COMMAND_GROUP)
  ) {
    throw new EmulatorUsageError(`/${path.join(' ')} needs a subcommand`);
  }

  const given = invocation.options ?? {};
  for (const name of Object.keys(given)) {
    if (!definitions.some((d) => d.name === name)) {
      throw new EmulatorUsageError(`/${path.join(' ')} has no option "${name}"`);
    }
  }
  const options: Json[] = [];
  for (const definition of definitions) {
    const value = given[definition.name];
    if (value === undefined) {
      if (definition.required && !autocomplete) {
        throw new EmulatorUsageError(`/${path.join(' ')} needs option "${definition.name}"`);
      }
      continue;
    }
    const focused = autocomplete && invocation.focused === definition.name;
    options.push(
      autocomplete
        ? { type: definition.type, name: definition.name, value, ...(focused ? { focused: true } : {}) }
        : {
            type: definition.type,
            name: definition.name,
            value: typedValue(world, ctx, definition, value, resolved),
          },
    );
  }
  if (autocomplete && !options.some((o) => o.focused)) {
    throw new EmulatorUsageError(`autocomplete needs "focused" to name one of the given options`);
  }
  // The client asks the app for choices only for an option registered with `autocomplete: true`.
  if (autocomplete && !definitions.find((d) => d.name === invocation.focused)?.autocomplete) {
    throw new EmulatorUsageError(
      `/${path.join(' ')} option "${invocation.focused}" is not registered with autocomplete`,
    );
  }
  const nested = wrap.reduceRight<Json[]>((inner, fn) => fn(inner), options);
  const hasResolved = Object.values(resolved).some((r) => Object.keys(r).length > 0);
  return {
    id: command.id,
    name: command.definition.name,
    type: command.definition.type,
    ...(command.guildId ? { guild_id: command.guildId } : {}),
    ...(nested.length > 0 ? { options: nested } : {}),
    ...(hasResolved ? { resolved: compactResolved(resolved) } : {}),
  };
}

function findOption(
  definitions: readonly CommandOptionDefinition[],
  name: string,
  type: number,
  path: string[],
): CommandOptionDefinition {
  const found = definitions.find((d) => d.name === name && d.type === type);
  if (!found)
    throw new EmulatorUsageError(
      `/${path.join(' ')} has no ${type === 1 ? 'subcommand' : 'group'} "${name}"`,
    );
  return found;
}
