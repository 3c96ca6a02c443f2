import { defineCapability } from '../capability/index.ts';
import { musicCapability } from '../music/index.ts';
import { AnalyticsService } from './analytics-service.ts';
import { analyticsRoutes } from './api/analytics-routes.ts';
import { recordMemberActivity } from './gateway/member-activity.ts';
import { GuildActivityRecorder, PlayEventRecorder } from './recorder.ts';
import {
  analyticsCounts,
  analyticsMemberDaily,
  analyticsWindows,
  commandUses,
  memberEvents,
} from './schema.ts';

/**
 * The panel's analytics: every ended play (from music), member join and leave (when
 * DISCORD_MEMBER_EVENTS is on) and slash command use, recorded with their rollups in one
 * transaction; the figures as JSON or CSV. Design: docs/api.md "Analytics".
 */
export const analyticsCapability = defineCapability({
  name: 'analytics',
  summary: 'Plays, listeners, members and commands per server, as figures and CSV',
  needs: [musicCapability],
  tables: { analyticsCounts, analyticsWindows, memberEvents, analyticsMemberDaily, commandUses },
  gateway: {
    start: async (context) => {
      const { client, config, database, logger } = context;
      const plays = new PlayEventRecorder(database);
      context.use(musicCapability).onPlayEnded((play) => plays.record(play));
      const activity = new GuildActivityRecorder(database);
      context.onCommandUsed((use) => {
        activity
          .recordCommandUse({ ...use, at: new Date() })
          .catch((error) => logger.warn({ err: error }, 'failed to record a command use'));
      });
      const stopMemberActivity = config.DISCORD_MEMBER_EVENTS
        ? recordMemberActivity(client, activity, logger)
        : () => {};
      return { services: {}, stop: async () => stopMemberActivity() };
    },
  },
  api: {
    guildRoutes: (context) => async (app) => {
      await app.register(analyticsRoutes, {
        analytics: new AnalyticsService(context.database, {
          memberEventsTracked: context.config.DISCORD_MEMBER_EVENTS,
        }),
        exportRateLimit: context.rateLimits.strict,
      });
    },
  },
});
