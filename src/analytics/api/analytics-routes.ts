import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RateLimitTier } from '../../http/index.ts';
import { guildGuardErrors, guildParamsSchema } from '../../http/index.ts';
import type { AnalyticsService } from '../analytics-service.ts';
import { analyticsSummarySchema } from '../contract.ts';
import { analyticsRanges } from '../window.ts';

export interface AnalyticsRoutesOptions {
  analytics: AnalyticsService;
  exportRateLimit: RateLimitTier;
}

const rangeSchema = z
  .enum(analyticsRanges)
  .default('7d')
  .describe(
    '1d, 7d, 30d: the last 24, 168, 720 clock hours (UTC) including the current one; all: everything',
  );

/**
 * `GET …/analytics` and its CSV export. Registered inside the guild-scoped plugin, so the guild
 * access guard runs first on both.
 */
export const analyticsRoutes: FastifyPluginAsyncZod<AnalyticsRoutesOptions> = async (app, options) => {
  app.get(
    '/analytics',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Plays, hours played, top tracks/artists/requesters, busiest hours, members and commands',
        description:
          '`format=csv` redirects (307) to `analytics.csv`, which has the stricter export rate limit.',
        params: guildParamsSchema,
        querystring: z.object({ range: rangeSchema, format: z.enum(['json', 'csv']).default('json') }),
        response: {
          200: analyticsSummarySchema,
          307: z.null().describe('To analytics.csv with the same range'),
          ...guildGuardErrors,
        },
      },
    },
    async (request, reply) => {
      const { guildId } = request.params;
      const { range, format } = request.query;
      if (format === 'csv') return reply.redirect(`/api/guilds/${guildId}/analytics.csv?range=${range}`, 307);
      return options.analytics.summary(guildId, range);
    },
  );

  app.get(
    '/analytics.csv',
    {
      config: { rateLimit: options.exportRateLimit },
      schema: {
        tags: ['analytics'],
        summary: 'The same figures as CSV: section,rank,key,name,metric,value (strict rate limit)',
        params: guildParamsSchema,
        querystring: z.object({ range: rangeSchema }),
        response: {
          200: {
            description: 'section,rank,key,name,metric,value; UTF-8 with a byte-order mark',
            content: { 'text/csv': { schema: z.string() } },
          },
          ...guildGuardErrors,
        },
      },
    },
    async (request, reply) => {
      const { guildId } = request.params;
      const { range } = request.query;
      const csv = await options.analytics.csv(guildId, range);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="analytics-${guildId}-${range}.csv"`)
        .send(csv);
    },
  );
};
