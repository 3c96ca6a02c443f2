import type { FieldIssue } from '../../api/contract.ts';
import type { Bus } from '../../bus/index.ts';
import type { GuildDirectory } from '../../capability/index.ts';
import { ApiError } from '../../http/index.ts';
import type { GuildSettings, GuildSettingsPatch, SettingsUpdatedEvent } from '../contract.ts';
import type { AuditEntry, GuildSettingsRepository } from '../settings-repository.ts';
import { SETTINGS_UPDATED_TOPIC } from '../settings-updated.ts';

// The topic and its payload are the settings module's contract (the bot publishes it too).
export { SETTINGS_UPDATED_TOPIC, type SettingsUpdatedEvent };

/** A guild's settings as the panel edits them: references checked, audited, announced. */
export class SettingsService {
  constructor(
    private readonly repository: GuildSettingsRepository,
    private readonly resources: GuildDirectory,
    private readonly bus: Bus,
  ) {}

  get(guildId: string): Promise<GuildSettings> {
    return this.repository.get(guildId);
  }

  /**
   * Applies a validated patch. Role and channel ids must exist in the guild (400 naming the
   * field). The write and its audit entry share a transaction; `settings.updated` follows.
   */
  async update(
    guildId: string,
    patch: GuildSettingsPatch,
    actor: { actorId: string; requestId: string; callerRequestId?: string | undefined },
  ): Promise<{ settings: GuildSettings; changed: string[] }> {
    await this.#checkReferences(guildId, patch);
    const change = await this.repository.update(guildId, patch, actor);
    if (!change) return { settings: await this.repository.get(guildId), changed: [] };
    const event: SettingsUpdatedEvent = {
      guildId,
      settings: change.after,
      diff: change.diff,
      actorId: actor.actorId,
    };
    await this.bus.publish(SETTINGS_UPDATED_TOPIC, event);
    return { settings: change.after, changed: Object.keys(change.diff) };
  }

  audit(
    guildId: string,
    query: {
      limit: number;
      before?: number | undefined;
      action?: string | undefined;
      actor?: string | undefined;
    },
  ): Promise<AuditEntry[]> {
    return this.repository.audit(guildId, {
      limit: query.limit,
      beforeId: query.before,
      action: query.action,
      actorId: query.actor,
    });
  }

  async #checkReferences(guildId: string, patch: GuildSettingsPatch): Promise<void> {
    const problems: FieldIssue[] = [];
    if (patch.djRoleId) {
      const roles = await this.resources.roles(guildId);
      if (!roles.some((role) => role.id === patch.djRoleId)) {
        problems.push({ path: 'djRoleId', message: 'no such role in this server' });
      }
    }
    if (patch.announceChannelId) {
      const channels = await this.resources.channels(guildId);
      if (!channels.some((channel) => channel.id === patch.announceChannelId && channel.type === 'text')) {
        problems.push({ path: 'announceChannelId', message: 'no such text channel in this server' });
      }
    }
    // Channel restrictions and the request channel (issue 14): channels of the right kind.
    const channelRules = [
      ['musicTextChannelId', 'text', 'no such text channel in this server'],
      ['requestChannelId', 'text', 'no such text channel in this server'],
      ['musicVoiceChannelId', 'voice', 'no such voice channel in this server'],
    ] as const;
    for (const [path, type, message] of channelRules) {
      const id = patch[path];
      if (!id) continue;
      const channels = await this.resources.channels(guildId);
      if (!channels.some((channel) => channel.id === id && channel.type === type))
        problems.push({ path, message });
    }
    if (problems.length > 0) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', problems);
    }
  }
}
