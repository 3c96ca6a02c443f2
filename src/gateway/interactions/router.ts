import { type Client, Events, type Interaction } from 'discord.js';
import { type MessageKey, pickLanguage, translator } from '../../i18n/index.ts';
import { isMusicError } from '../../music/index.ts';
import { actorFromInteraction } from './actor.ts';
import type {
  ComponentHandler,
  GatewayServices,
  GuildInteractionContext,
  SlashCommand,
} from './command-types.ts';
import { answerPrivately } from './replies.ts';
import { UserFacingError } from './user-facing-error.ts';

export interface InteractionRouterOptions {
  commands: readonly SlashCommand[];
  components: readonly ComponentHandler[];
  services: GatewayServices;
  /** A command was used (analytics). */
  onCommandUsed?: (use: { guildId: string; userId: string; command: string }) => void;
}

/**
 * Routes interactions to commands, autocompletes and component handlers. Refusals become an
 * ephemeral reply in the user's language; anything unexpected is logged and answered with a
 * short apology, never a stack trace, and never takes the process down.
 */
export function routeInteractions(client: Client, options: InteractionRouterOptions): () => void {
  const commands = new Map(options.commands.map((command) => [command.name, command]));
  const { services } = options;
  const listener = (interaction: Interaction) => {
    void dispatch(interaction).catch((error) =>
      services.logger.error({ err: error, interactionId: interaction.id }, 'interaction handler crashed'),
    );
  };

  async function contextOf(interaction: Interaction): Promise<GuildInteractionContext | null> {
    const guild = interaction.guild;
    if (!guild) return null;
    const settings = await services.settings.get(guild.id);
    const language = pickLanguage(interaction.locale, settings.language);
    const member = interaction.member as Parameters<typeof actorFromInteraction>[2];
    const actor = actorFromInteraction(guild, interaction.user.id, member, interaction.memberPermissions);
    return { guildId: guild.id, actor, settings, language, t: translator(language), services };
  }

  async function dispatch(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      const command = commands.get(interaction.commandName);
      const context = await contextOf(interaction);
      if (!command?.autocomplete || !context) return void (await interaction.respond([]));
      await command.autocomplete(interaction, context).catch(async (error) => {
        services.logger.warn({ err: error, command: interaction.commandName }, 'autocomplete failed');
        if (!interaction.responded) await interaction.respond([]).catch(() => {});
      });
      return;
    }
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isStringSelectMenu())
      return;
    const context = await contextOf(interaction);
    const t = context?.t ?? translator(pickLanguage(interaction.locale, null));
    try {
      if (!context) throw new UserFacingError('error.GUILD_ONLY');
      if (interaction.isChatInputCommand()) {
        const command = commands.get(interaction.commandName);
        if (!command) throw new Error(`unknown command ${interaction.commandName}`);
        options.onCommandUsed?.({
          guildId: context.guildId,
          userId: interaction.user.id,
          command: command.name,
        });
        await command.execute({ ...context, interaction });
      } else {
        const [prefix, ...rest] = interaction.customId.split(':');
        const handler = options.components.find((candidate) => candidate.prefix === prefix);
        if (!handler) throw new Error(`no handler for component ${interaction.customId}`);
        await handler.handle({ ...context, interaction, argument: rest.join(':') });
      }
    } catch (error) {
      let message: string;
      if (isMusicError(error)) {
        message = t(`error.${error.code}` as MessageKey, { reason: '', ...error.params });
      } else if (error instanceof UserFacingError) {
        message = t(error.key, error.params);
      } else {
        services.logger.error({ err: error, interactionId: interaction.id }, 'interaction failed');
        message = t('error.INTERNAL');
      }
      await answerPrivately(interaction, message).catch((replyError) =>
        services.logger.warn({ err: replyError }, 'could not tell the user about a refusal'),
      );
    }
  }

  client.on(Events.InteractionCreate, listener);
  return () => client.off(Events.InteractionCreate, listener);
}
