import type { z } from 'zod';
import { type CoreServices, UserFacingError } from '../../interactions/index.ts';
import { type GuildSettingsPatch, guildSettingsPatchSchema, type SettingsUpdatedEvent } from '../contract.ts';
import type { SettingsChange } from '../settings-repository.ts';
import { SETTINGS_UPDATED_TOPIC } from '../settings-updated.ts';

/** One setting to change, and what the user calls it in their language (named in a refusal). */
export interface SettingChangeRequest {
  key: keyof GuildSettingsPatch;
  value: unknown;
  label: string;
}

/**
 * The schema's complaint in the user's words: the bound they crossed, or the shape a colour
 * takes; anything else (which Discord's typed options should not let through) names the field.
 */
function refusalOf(issue: z.core.$ZodIssue | undefined, request: SettingChangeRequest): UserFacingError {
  const field = request.label;
  if (issue?.code === 'too_small')
    return new UserFacingError('error.SETTING_TOO_SMALL', { field, min: Number(issue.minimum) });
  if (issue?.code === 'too_big')
    return new UserFacingError('error.SETTING_TOO_BIG', { field, max: Number(issue.maximum) });
  if (issue?.code === 'invalid_format' && request.key === 'embedColor') {
    return new UserFacingError('error.SETTING_NOT_COLOUR', { field });
  }
  return new UserFacingError('error.SETTING_INVALID', { field });
}

/**
 * Changes one guild setting from Discord the way the panel does: validated by the shared
 * schema (the caps live there only), written with its audit entry (actor: the user) in one
 * transaction, then announced as `settings.updated`. Returns null when nothing changed.
 */
export async function changeSetting(
  services: Pick<CoreServices, 'settings' | 'bus'>,
  guildId: string,
  request: SettingChangeRequest,
  actorId: string,
): Promise<SettingsChange | null> {
  const parsed = guildSettingsPatchSchema.safeParse({ [request.key]: request.value });
  if (!parsed.success) throw refusalOf(parsed.error.issues[0], request);
  const change = await services.settings.update(guildId, parsed.data, { actorId });
  if (change) {
    const event: SettingsUpdatedEvent = { guildId, settings: change.after, diff: change.diff, actorId };
    await services.bus.publish(SETTINGS_UPDATED_TOPIC, event);
  }
  return change;
}
