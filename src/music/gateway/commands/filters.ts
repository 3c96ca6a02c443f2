import { SlashCommandBuilder, type SlashCommandNumberOption } from 'discord.js';
import type { MessageKey, Params, Translate } from '../../../i18n/index.ts';
import { describe } from '../../../interactions/index.ts';
import type { QueueSnapshot } from '../../contract.ts';
import { TIMESCALE_MAX, TIMESCALE_MIN } from '../../filter-presets.ts';
import { filterPresetNames } from '../../player-options.ts';
import type { SlashCommand } from '../handler-types.ts';
import { runOperation } from '../run-operation.ts';

type Reply = { key: MessageKey; params: Params };

/** The active filters as one line: `nightcore, bassboost, speed 1.25×`, or "none". */
export function filtersText(filters: QueueSnapshot['filters'], t: Translate): string {
  const parts: string[] = [...(filters?.presets ?? [])];
  if (filters && filters.speed !== 1) parts.push(t('filter.speedValue', { value: filters.speed }));
  if (filters && filters.pitch !== 1) parts.push(t('filter.pitchValue', { value: filters.pitch }));
  return parts.length > 0 ? parts.join(', ') : t('filter.none');
}

const factorOption = (o: SlashCommandNumberOption) =>
  describe(
    o.setName('value').setRequired(true).setMinValue(TIMESCALE_MIN).setMaxValue(TIMESCALE_MAX),
    'cmd.filters.factor',
  );

/**
 * /filters toggle <preset> | clear | speed <value> | pitch <value>. Presets combine; one that
 * sets the same filter as an active one replaces it (filter-presets.ts), and the reply says so.
 */
export const filtersCommand: SlashCommand = {
  name: 'filters',
  category: 'effects',
  definition: describe(new SlashCommandBuilder().setName('filters'), 'cmd.filters')
    .addSubcommand((sub) =>
      describe(sub.setName('toggle'), 'cmd.filters.toggle').addStringOption((o) =>
        describe(o.setName('preset').setRequired(true), 'cmd.filters.preset').addChoices(
          ...filterPresetNames.map((name) => ({ name, value: name })),
        ),
      ),
    )
    .addSubcommand((sub) => describe(sub.setName('clear'), 'cmd.filters.clear'))
    .addSubcommand((sub) => describe(sub.setName('speed'), 'cmd.filters.speed').addNumberOption(factorOption))
    .addSubcommand((sub) => describe(sub.setName('pitch'), 'cmd.filters.pitch').addNumberOption(factorOption))
    .setDMPermission(false)
    .toJSON(),
  execute: (context) => {
    const { options } = context.interaction;
    const t = context.t;
    const subcommand = options.getSubcommand(true);
    if (subcommand === 'clear') {
      return runOperation(context, { type: 'filter', preset: null }, 'filter.reset');
    }
    if (subcommand === 'speed' || subcommand === 'pitch') {
      const value = options.getNumber('value', true);
      return runOperation(context, { type: 'filter', [subcommand]: value }, (result) => ({
        key: subcommand === 'speed' ? 'filter.speed' : 'filter.pitch',
        params: { value, filters: filtersText(result.snapshot.filters, t) },
      }));
    }
    const preset = options.getString('preset', true);
    return runOperation(context, { type: 'filter', toggle: preset }, (result): Reply => {
      const filters = filtersText(result.snapshot.filters, t);
      const replaced = result.outcome.kind === 'filtered' ? result.outcome.replaced : [];
      if (!result.snapshot.filters?.presets.includes(preset)) {
        return { key: 'filter.off', params: { preset, filters } };
      }
      return replaced.length > 0
        ? { key: 'filter.onReplacing', params: { preset, replaced: replaced.join(', '), filters } }
        : { key: 'filter.on', params: { preset, filters } };
    });
  },
};
