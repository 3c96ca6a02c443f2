import { type Client, Events, type Interaction } from 'discord.js';
import type { CommandUse, LocalizedMessage } from '../capability/index.ts';
import { pickLanguage, translator } from '../i18n/index.ts';
import {
  actorFromInteraction,
  answerPrivately,
  type CommandContext,
  type ComponentHandler,
  type CoreServices,
  type GuildInteractionContext,
  type SlashCommand,
  UserFacingError,
} from '../interactions/index.ts';

/** A capability's handlers with the services they are given (core services plus its own). */
export interface HandlerGroup {
  capability: string;
  commands: readonly SlashCommand<unknown>[];
  components: readonly ComponentHandler<unknown>[];
  services: CoreServices;
  describeError?: ((error: unknown) => LocalizedMessage | null) | undefined;
  /** Runs before each of the group's slash commands; a throw refuses it. */
  beforeCommand?: ((context: CommandContext) => void | Promise<void>) | undefined;
}

export interface InteractionRouterOptions {
  groups: readonly HandlerGroup[];
  /** Core services, for interactions no handler claims. */
  core: CoreServices;
  /** A command was used (analytics). */
  onCommandUsed?: (use: CommandUse) => void;
}

/**
 * Routes interactions to the capabilities' commands, autocompletes and component handlers.
 * Refusals become an ephemeral reply in the user's language; anything unexpected is logged
 * and answered with a short apology, never a stack trace, and never takes the process down.
 */
export function routeInteractions(client: Client, options: InteractionRouterOptions): () => void {
  const { core, groups } = options;
  const commands = new Map(
    groups.flatMap((group) => group.commands.map((command) => [command.name, { command, group }] as const)),
  );
  const components = groups.flatMap((group) => group.components.map((handler) => ({ handler, group })));
  const listener = (interaction: Interaction) => {
    void dispatch(interaction).catch((error) =>
      core.logger.error({ err: error, interactionId: interaction.id }, 'interaction handler crashed'),
    );
  };

  async function contextOf(
    interaction: Interaction,
    services: CoreServices,
  ): Promise<GuildInteractionContext | null> {
    const guild = interaction.guild;
    if (!guild) return null;
    const settings = await core.settings.get(guild.id);
    const language = pickLanguage(interaction.locale, settings.language);
    const member = interaction.member as Parameters<typeof actorFromInteraction>[2];
    const actor = actorFromInteraction(guild, interaction.user.id, member, interaction.memberPermissions);
    return { guildId: guild.id, actor, settings, language, t: translator(language), services };
  }

  function describe(error: unknown): LocalizedMessage | null {
    if (error instanceof UserFacingError) return { key: error.key, params: error.params };
    for (const group of groups) {
      const message = group.describeError?.(error);
      if (message) return message;
    }
    return null;
  }

  async function dispatch(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      const entry = commands.get(interaction.commandName);
      const context = await contextOf(interaction, entry?.group.services ?? core);
      if (!entry?.command.autocomplete || !context) return void (await interaction.respond([]));
      await entry.command.autocomplete(interaction, context).catch(async (error) => {
        core.logger.warn({ err: error, command: interaction.commandName }, 'autocomplete failed');
        if (!interaction.responded) await interaction.respond([]).catch(() => {});
      });
      return;
    }
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isStringSelectMenu())
      return;
    const entry = interaction.isChatInputCommand() ? commands.get(interaction.commandName) : undefined;
    const [prefix, ...rest] = interaction.isChatInputCommand() ? [] : interaction.customId.split(':');
    const component = prefix === undefined ? undefined : components.find((c) => c.handler.prefix === prefix);
    const context = await contextOf(interaction, (entry ?? component)?.group.services ?? core);
    const t = context?.t ?? translator(pickLanguage(interaction.locale, null));
    try {
      if (!context) throw new UserFacingError('error.GUILD_ONLY');
      if (interaction.isChatInputCommand()) {
        if (!entry) throw new Error(`unknown command ${interaction.commandName}`);
        options.onCommandUsed?.({
          guildId: context.guildId,
          userId: interaction.user.id,
          command: entry.command.name,
        });
        await entry.group.beforeCommand?.({ ...context, interaction });
        await entry.command.execute({ ...context, interaction });
      } else {
        if (!component) throw new Error(`no handler for component ${interaction.customId}`);
        await component.handler.handle({ ...context, interaction, argument: rest.join(':') });
      }
    } catch (error) {
      const refusal = describe(error);
      if (!refusal) core.logger.error({ err: error, interactionId: interaction.id }, 'interaction failed');
      const message = refusal ? t(refusal.key, refusal.params) : t('error.INTERNAL');
      await answerPrivately(interaction, message).catch((replyError) =>
        core.logger.warn({ err: replyError }, 'could not tell the user about a refusal'),
      );
    }
  }

  client.on(Events.InteractionCreate, listener);
  return () => client.off(Events.InteractionCreate, listener);
}
