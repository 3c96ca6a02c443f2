import { findCommandByName } from '../domain/commands.ts';
import { resolveSelectValues } from '../domain/interaction-options.ts';
import { commandData, type InteractionContext, InteractionType } from '../domain/interaction-payload.ts';
import type { BotAnswer, InteractionRegistry } from '../domain/interactions.ts';
import type { Component } from '../domain/message-body.ts';
import type { World } from '../domain/world.ts';
import { EmulatorUsageError } from '../errors.ts';
import { hasPermissions } from '../permissions.ts';
import type { Json } from '../state/serialize.ts';
import type { CommandRecord, MessageRecord } from '../state/types.ts';
import type { ControlInput } from './schemas.ts';

/** Drives interactions the way a Discord client would: checks what the user could do, then sends it. */
export class InteractionDriver {
  constructor(
    private readonly world: World,
    private readonly interactions: InteractionRegistry,
    private readonly defaultApplicationId: () => string,
  ) {}

  private context(
    channelId: string,
    userId: string,
    applicationId?: string,
    locale?: string,
  ): InteractionContext {
    const channel = this.world.store.channel(channelId);
    if (channel.guildId && !this.world.store.guild(channel.guildId).members.has(userId)) {
      throw new EmulatorUsageError(`user ${userId} is not a member of guild ${channel.guildId}`);
    }
    if (!channel.guildId && !channel.recipientIds.includes(userId)) {
      throw new EmulatorUsageError(`user ${userId} is not in DM channel ${channelId}`);
    }
    return {
      applicationId: applicationId ?? this.defaultApplicationId(),
      guildId: channel.guildId,
      channelId,
      userId,
      ...(locale ? { locale } : {}),
    };
  }

  /** A user runs a slash command; resolves with the bot's answer. */
  async slashCommand(input: ControlInput<'slashCommand'>): Promise<BotAnswer> {
    const ctx = this.context(input.channelId, input.userId, input.applicationId, input.locale);
    const command = findCommandByName(this.world, ctx.applicationId, ctx.guildId, input.command);
    if (!command)
      throw new EmulatorUsageError(`/${input.command} is not registered for this guild or globally`);
    this.checkUsable(command, ctx);
    const data = commandData(this.world, ctx, command, { ...input, options: input.options ?? {} }, false);
    const { id } = this.interactions.start({
      ctx,
      type: InteractionType.APPLICATION_COMMAND,
      data,
      commandName: input.command,
    });
    return this.interactions.answer(id, input);
  }

  /** A user types in an autocomplete option; resolves with the offered choices. */
  async autocomplete(input: ControlInput<'autocomplete'>): Promise<BotAnswer> {
    const ctx = this.context(input.channelId, input.userId, input.applicationId, input.locale);
    const command = findCommandByName(this.world, ctx.applicationId, ctx.guildId, input.command);
    if (!command)
      throw new EmulatorUsageError(`/${input.command} is not registered for this guild or globally`);
    this.checkUsable(command, ctx);
    const data = commandData(this.world, ctx, command, input, true);
    const { id } = this.interactions.start({
      ctx,
      type: InteractionType.AUTOCOMPLETE,
      data,
      commandName: input.command,
    });
    return this.interactions.answer(id, input);
  }

  /**
   * The client hides commands a user may not use: `default_member_permissions` they lack (unless they
   * are administrators) and `contexts` that exclude where they are.
   */
  private checkUsable(command: CommandRecord, ctx: InteractionContext): void {
    const { contexts, default_member_permissions: required } = command.definition;
    const context = ctx.guildId ? 0 : 1;
    if (contexts && !contexts.includes(context)) {
      throw new EmulatorUsageError(
        `/${command.definition.name} can't be used ${ctx.guildId ? 'in guilds' : 'in DMs'}`,
      );
    }
    if (ctx.guildId && required !== null && required !== undefined) {
      const permissions = this.world.store.permissions(ctx.guildId, ctx.userId, ctx.channelId);
      if (!hasPermissions(permissions, BigInt(required))) {
        throw new EmulatorUsageError(
          `user ${ctx.userId} may not use /${command.definition.name} (default_member_permissions)`,
        );
      }
    }
  }

  /** A user clicks a button on a message. */
  async clickButton(input: ControlInput<'clickButton'>): Promise<BotAnswer> {
    const message = this.world.store.messages.get(input.messageId);
    if (!message) throw new EmulatorUsageError(`no message ${input.messageId}`);
    const component = this.findComponent(message, input.customId, [2]);
    return this.component(message, input, { custom_id: input.customId, component_type: component.type });
  }

  /** A user picks values in a select menu on a message. */
  async selectMenu(input: ControlInput<'selectMenu'>): Promise<BotAnswer> {
    const message = this.world.store.messages.get(input.messageId);
    if (!message) throw new EmulatorUsageError(`no message ${input.messageId}`);
    const component = this.findComponent(message, input.customId, [3, 5, 6, 7, 8]);
    const min = typeof component.min_values === 'number' ? component.min_values : 1;
    const max = typeof component.max_values === 'number' ? component.max_values : 1;
    if (input.values.length < min || input.values.length > max) {
      throw new EmulatorUsageError(`select "${input.customId}" takes ${min}–${max} values`);
    }
    if (component.type === 3) {
      const allowed = new Set(
        ((component.options as { value: string }[] | undefined) ?? []).map((o) => o.value),
      );
      const bad = input.values.find((v) => !allowed.has(v));
      if (bad !== undefined)
        throw new EmulatorUsageError(`select "${input.customId}" has no option "${bad}"`);
    }
    const ctx = this.context(
      message.channelId,
      input.userId,
      message.applicationId ?? undefined,
      input.locale,
    );
    const resolved = resolveSelectValues(this.world, ctx, component.type, input.values);
    return this.component(message, input, {
      custom_id: input.customId,
      component_type: component.type,
      values: input.values,
      ...(resolved ? { resolved } : {}),
    });
  }

  private async component(
    message: MessageRecord,
    input: { userId: string; locale?: string; ackTimeoutMs?: number; answerTimeoutMs?: number },
    data: Json,
  ): Promise<BotAnswer> {
    const applicationId =
      message.applicationId ?? this.world.store.applicationByBotUser(message.authorId)?.id;
    if (!applicationId) throw new EmulatorUsageError(`message ${message.id} was not sent by an application`);
    const ctx = this.context(message.channelId, input.userId, applicationId, input.locale);
    const { id } = this.interactions.start({ ctx, type: InteractionType.MESSAGE_COMPONENT, data, message });
    return this.interactions.answer(id, input);
  }

  private findComponent(message: MessageRecord, customId: string, types: number[]): Component {
    const found = findComponent(message.components as Component[], customId);
    if (!found || !types.includes(found.type)) {
      throw new EmulatorUsageError(
        `message ${message.id} has no ${types.includes(2) ? 'button' : 'select menu'} "${customId}"`,
      );
    }
    if (found.disabled === true) throw new EmulatorUsageError(`component "${customId}" is disabled`);
    return found;
  }

  /**
   * A user submits a modal. When the bot showed that modal, the submission mirrors its layout (action
   * rows or labels) and required inputs must be filled; otherwise each field becomes a text input row.
   */
  async submitModal(input: ControlInput<'submitModal'>): Promise<BotAnswer> {
    const shown = this.interactions.shownModal(input.userId, input.customId);
    const channelId = input.channelId ?? shown?.channelId;
    if (!channelId)
      throw new EmulatorUsageError(
        `no modal "${input.customId}" was shown to user ${input.userId}; pass channelId`,
      );
    const ctx = this.context(
      channelId,
      input.userId,
      input.applicationId ?? shown?.applicationId,
      input.locale,
    );
    const components = shown
      ? mirrorModal(shown.modal.components as Component[], input.fields)
      : Object.entries(input.fields).map(([customId, value]) => ({
          type: 1,
          components: [{ type: 4, custom_id: customId, value: String(value) }],
        }));
    const message = shown?.sourceMessageId ? this.world.store.messages.get(shown.sourceMessageId) : undefined;
    const { id } = this.interactions.start({
      ctx,
      type: InteractionType.MODAL_SUBMIT,
      data: { custom_id: input.customId, components },
      message: message ?? null,
    });
    return this.interactions.answer(id, input);
  }
}

/** Depth-first search for a component by custom id (rows, containers, sections, labels). */
export function findComponent(components: readonly Component[], customId: string): Component | undefined {
  for (const component of components) {
    if (component.custom_id === customId) return component;
    const nested = [
      ...(component.components ?? []),
      ...(component.component ? [component.component] : []),
      ...(component.accessory ? [component.accessory] : []),
    ];
    const found = findComponent(nested, customId);
    if (found) return found;
  }
  return undefined;
}

function mirrorModal(layout: readonly Component[], fields: Record<string, string | string[]>): Json[] {
  const known = new Set<string>();
  const fill = (component: Component): Json => {
    if (component.custom_id === undefined)
      return { type: component.type, ...(component.id ? { id: component.id } : {}) };
    known.add(component.custom_id);
    const value = fields[component.custom_id];
    if (value === undefined && component.required !== false && component.type === 4) {
      throw new EmulatorUsageError(`modal field "${component.custom_id}" is required`);
    }
    if (component.type === 4) return { type: 4, custom_id: component.custom_id, value: String(value ?? '') };
    return { type: component.type, custom_id: component.custom_id, values: [value ?? []].flat() };
  };
  const result = layout.map((item): Json => {
    if (item.component)
      return { type: item.type, ...(item.id ? { id: item.id } : {}), component: fill(item.component) };
    if (item.components) return { type: item.type, components: item.components.map(fill) };
    return fill(item);
  });
  const unknown = Object.keys(fields).find((key) => !known.has(key));
  if (unknown) throw new EmulatorUsageError(`the modal has no field "${unknown}"`);
  return result;
}
