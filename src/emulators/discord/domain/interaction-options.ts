import { EmulatorUsageError } from '../errors.ts';
import {
  type Json,
  serializeChannel,
  serializeMember,
  serializeRole,
  serializeUser,
} from '../state/serialize.ts';
import type { CommandOptionDefinition } from '../state/types.ts';
import { OptionType } from './commands.ts';
import type { InteractionContext } from './interaction-payload.ts';
import type { World } from './world.ts';

/** An attachment a user "uploads" for an ATTACHMENT option. */
export interface AttachmentOptionValue {
  filename: string;
  size?: number;
  contentType?: string;
  url?: string;
}

export type OptionValue = string | number | boolean | AttachmentOptionValue;

/** The `resolved` object of an interaction: what mentioned ids stand for. */
export interface Resolved {
  users: Record<string, Json>;
  members: Record<string, Json>;
  roles: Record<string, Json>;
  channels: Record<string, Json>;
  attachments: Record<string, Json>;
}

/** An empty `resolved` to fill. */
export function emptyResolved(): Resolved {
  return { users: {}, members: {}, roles: {}, channels: {}, attachments: {} };
}

/** `resolved` without its empty parts, as Discord sends it. */
export function compactResolved(resolved: Resolved): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(resolved)) if (Object.keys(value).length > 0) out[key] = value;
  return out;
}

/**
 * The value of one option, typed as the command declares it and checked the way the Discord client
 * checks it (choices, bounds, channel types); mentioned objects go into `resolved`.
 */
export function typedValue(
  world: World,
  ctx: InteractionContext,
  definition: CommandOptionDefinition,
  value: OptionValue,
  resolved: Resolved,
): string | number | boolean {
  const where = `option "${definition.name}"`;
  switch (definition.type) {
    case OptionType.STRING: {
      if (typeof value !== 'string') throw new EmulatorUsageError(`${where} takes a string`);
      if (definition.min_length !== undefined && value.length < definition.min_length) {
        throw new EmulatorUsageError(`${where} is shorter than ${definition.min_length}`);
      }
      if (definition.max_length !== undefined && value.length > definition.max_length) {
        throw new EmulatorUsageError(`${where} is longer than ${definition.max_length}`);
      }
      checkChoice(definition, value, where);
      return value;
    }
    case OptionType.INTEGER:
    case OptionType.NUMBER: {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number))
        throw new EmulatorUsageError(`${where} takes a number`);
      if (definition.type === OptionType.INTEGER && !Number.isInteger(number)) {
        throw new EmulatorUsageError(`${where} takes an integer`);
      }
      if (definition.min_value !== undefined && number < definition.min_value) {
        throw new EmulatorUsageError(`${where} is below ${definition.min_value}`);
      }
      if (definition.max_value !== undefined && number > definition.max_value) {
        throw new EmulatorUsageError(`${where} is above ${definition.max_value}`);
      }
      checkChoice(definition, number, where);
      return number;
    }
    case OptionType.BOOLEAN:
      if (typeof value !== 'boolean') throw new EmulatorUsageError(`${where} takes true or false`);
      return value;
    case OptionType.USER:
      return resolveUser(world, ctx, String(value), resolved, where);
    case OptionType.CHANNEL:
      return resolveChannel(world, ctx, definition, String(value), resolved, where);
    case OptionType.ROLE:
      return resolveRole(world, ctx, String(value), resolved, where);
    case OptionType.MENTIONABLE: {
      const id = String(value);
      if (world.store.users.has(id)) return resolveUser(world, ctx, id, resolved, where);
      return resolveRole(world, ctx, id, resolved, where);
    }
    case OptionType.ATTACHMENT:
      return resolveAttachment(world, value, resolved, where);
    default:
      throw new EmulatorUsageError(`${where} has an unsupported type ${definition.type}`);
  }
}

function checkChoice(definition: CommandOptionDefinition, value: string | number, where: string): void {
  if (definition.choices && !definition.choices.some((c) => c.value === value)) {
    throw new EmulatorUsageError(
      `${where} must be one of ${definition.choices.map((c) => JSON.stringify(c.value)).join(', ')}`,
    );
  }
}

function resolveUser(
  world: World,
  ctx: InteractionContext,
  id: string,
  resolved: Resolved,
  where: string,
): string {
  const user = world.store.users.get(id);
  if (!user) throw new EmulatorUsageError(`${where}: no user ${id}`);
  resolved.users[id] = serializeUser(user);
  const member = ctx.guildId ? world.store.guilds.get(ctx.guildId)?.members.get(id) : undefined;
  if (member && ctx.guildId) {
    const permissions = world.store.permissions(ctx.guildId, id, ctx.channelId);
    resolved.members[id] = {
      ...serializeMember(world.store, member, false),
      permissions: permissions.toString(),
    };
  }
  return id;
}

function resolveChannel(
  world: World,
  ctx: InteractionContext,
  definition: CommandOptionDefinition,
  id: string,
  resolved: Resolved,
  where: string,
): string {
  const channel = world.store.channels.get(id);
  if (!channel || channel.guildId !== ctx.guildId)
    throw new EmulatorUsageError(`${where}: no channel ${id} here`);
  if (definition.channel_types && !definition.channel_types.includes(channel.type)) {
    throw new EmulatorUsageError(`${where} accepts channel types ${definition.channel_types.join(', ')}`);
  }
  const permissions = ctx.guildId ? world.store.permissions(ctx.guildId, ctx.userId, channel.id) : 0n;
  resolved.channels[id] = { ...serializeChannel(channel), permissions: permissions.toString() };
  return id;
}

function resolveRole(
  world: World,
  ctx: InteractionContext,
  id: string,
  resolved: Resolved,
  where: string,
): string {
  const role = ctx.guildId ? world.store.guilds.get(ctx.guildId)?.roles.get(id) : undefined;
  if (!role) throw new EmulatorUsageError(`${where}: no role or user ${id} here`);
  resolved.roles[id] = serializeRole(role);
  return id;
}

function resolveAttachment(world: World, value: OptionValue, resolved: Resolved, where: string): string {
  if (typeof value !== 'object')
    throw new EmulatorUsageError(`${where} takes { filename, size?, contentType?, url? }`);
  const id = world.store.ids.next();
  const url =
    value.url ?? `${world.baseUrl()}/attachments/options/${id}/${encodeURIComponent(value.filename)}`;
  resolved.attachments[id] = {
    id,
    filename: value.filename,
    size: value.size ?? 0,
    url,
    proxy_url: url,
    ...(value.contentType ? { content_type: value.contentType } : {}),
    ephemeral: true,
  };
  return id;
}

/**
 * `data.resolved` for a user/role/mentionable/channel select menu (component types 5–8), from the
 * picked values.
 */
export function resolveSelectValues(
  world: World,
  ctx: InteractionContext,
  componentType: number,
  values: string[],
): Json | null {
  const resolved = emptyResolved();
  const where = 'select value';
  for (const value of values) {
    if (componentType === 5) resolveUser(world, ctx, value, resolved, where);
    else if (componentType === 6) resolveRole(world, ctx, value, resolved, where);
    else if (componentType === 7) {
      if (world.store.users.has(value)) resolveUser(world, ctx, value, resolved, where);
      else resolveRole(world, ctx, value, resolved, where);
    } else if (componentType === 8) {
      resolveChannel(
        world,
        ctx,
        { type: OptionType.CHANNEL, name: 'channel', description: '' },
        value,
        resolved,
        where,
      );
    } else return null;
  }
  return compactResolved(resolved);
}
