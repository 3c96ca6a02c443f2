import { type CoreServices, UserFacingError } from '../../interactions/index.ts';
import { type GuildSettingsPatch, guildSettingsPatchSchema, type SettingsUpdatedEvent } from '../contract.ts';
import type { SettingsChange } from '../settings-repository.ts';
import { SETTINGS_UPDATED_TOPIC } from '../settings-updated.ts';

/** One setting to change, and what the user calls it (named in a refusal). */
export interface SettingChangeRequest {
  key: keyof GuildSettingsPatch;
  value: unknown;
  label: string;
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
  if (!parsed.success) {
    const rule = parsed.error.issues.map((issue) => issue.message).join('; ');
    throw new UserFacingError('error.SETTING_INVALID', { reason: `${request.label}: ${rule}` });
  }
  const change = await services.settings.update(guildId, parsed.data, { actorId });
  if (change) {
    const event: SettingsUpdatedEvent = { guildId, settings: change.after, diff: change.diff, actorId };
    await services.bus.publish(SETTINGS_UPDATED_TOPIC, event);
  }
  return change;
}
