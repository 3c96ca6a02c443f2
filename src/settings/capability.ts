import { defineCapability } from '../capability/index.ts';
import { settingsRoutes } from './api/settings-routes.ts';
import { settingsSchemaRoutes } from './api/settings-schema-routes.ts';
import { SettingsService } from './api/settings-service.ts';
import { AUDIT_RETENTION_JOB, pruneAuditLog } from './audit-retention.ts';
import { settingsCommand } from './gateway/settings.ts';
import { auditLog, guildSettings } from './schema.ts';
import { GuildSettingsRepository } from './settings-repository.ts';

/**
 * Per-guild settings with an audit trail: one validated document per guild that the other
 * capabilities read (each names the fields it owns), edited by /settings in Discord and by the
 * panel, every change audited and announced as `settings.updated`; old audit entries pruned
 * daily. Design: docs/api.md "Settings".
 */
export const settingsCapability = defineCapability({
  name: 'settings',
  summary: 'Per-guild settings edited in Discord or the panel, with an audit trail',
  tables: { guildSettings, auditLog },
  settings: ['language'],
  gateway: { commands: [settingsCommand] },
  api: {
    guildRoutes: (context) => async (app) => {
      const repository = new GuildSettingsRepository(context.database.db);
      await app.register(settingsRoutes, {
        settings: new SettingsService(repository, context.guilds, context.bus),
      });
      await app.register(settingsSchemaRoutes, {
        // Song-request channels read messages: without the intent the gateway never sees them.
        inactive: context.config.DISCORD_MESSAGE_CONTENT ? {} : { requestChannelId: 'messageContentIntent' },
      });
    },
  },
  worker: {
    jobs: [
      {
        name: AUDIT_RETENTION_JOB,
        // Daily at 04:17 UTC: off the hour, when few people change settings.
        schedule: '17 4 * * *',
        options: { concurrency: 1 },
        run: async ({ database, config, logger }) => {
          const deleted = await pruneAuditLog(database.db, config.AUDIT_RETENTION_DAYS);
          logger.info({ deleted, days: config.AUDIT_RETENTION_DAYS }, 'pruned old audit entries');
        },
      },
    ],
  },
});
