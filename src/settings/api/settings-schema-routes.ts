import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { guildGuardErrors, guildParamsSchema } from '../../http/index.ts';
import { type SettingDescriptor, settingDescriptorListSchema } from '../contract.ts';
import { describeSettings } from '../describe.ts';

/**
 * `GET …/settings/schema`: every setting's type, bounds, allowed values, default and picker,
 * worked out once from the settings schema, so the panel's form follows the schema (a new
 * setting appears there without a dashboard change). Registered inside the guild-scoped plugin,
 * so the guild access guard runs first, as on its siblings.
 */
export const settingsSchemaRoutes: FastifyPluginAsyncZod<{
  /** Settings that do nothing on this installation, and why (the panel says so next to them). */
  inactive?: Partial<Record<string, NonNullable<SettingDescriptor['inactive']>>>;
}> = async (app, options) => {
  const settings = describeSettings().map((setting) => {
    const inactive = options.inactive?.[setting.key];
    return inactive ? { ...setting, inactive } : setting;
  });
  app.get(
    '/settings/schema',
    {
      schema: {
        tags: ['settings'],
        summary: 'How each setting is edited: type, min/max, values, nullable, default, picker',
        params: guildParamsSchema,
        response: { 200: settingDescriptorListSchema, ...guildGuardErrors },
      },
    },
    async () => ({ settings }),
  );
};
