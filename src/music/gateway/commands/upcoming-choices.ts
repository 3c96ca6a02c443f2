import type { AutocompleteInteraction } from 'discord.js';
import { withoutControlCharacters } from '../../../interactions/index.ts';
import type { GuildInteractionContext } from '../handler-types.ts';

/** Autocomplete for a queue position: the upcoming tracks whose number or title match. */
export async function upcomingChoices(
  interaction: AutocompleteInteraction,
  context: GuildInteractionContext,
): Promise<void> {
  const typed = String(interaction.options.getFocused()).toLowerCase();
  const { upcoming } = await context.services.music.snapshot(context.guildId);
  const choices = upcoming
    .map((track, index) => ({
      name: `${index + 1}. ${withoutControlCharacters(track.info.title)}`.slice(0, 100),
      value: index + 1,
    }))
    .filter((choice) => typed === '' || choice.name.toLowerCase().includes(typed))
    .slice(0, 25);
  await interaction.respond(choices);
}
