import { SlashCommandBuilder } from 'discord.js';
import { count, eq } from 'drizzle-orm';
import { bigint, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { defineCapability } from '../../src/capability/index.ts';
import type { Db } from '../../src/db/index.ts';
import { guildGuardErrors, guildParamsSchema } from '../../src/http/index.ts';
import { answer, type SlashCommand } from '../../src/interactions/index.ts';

/*
 * A capability that exists only to prove the contract: everything it adds — a table, a slash
 * command, a route behind the guild guard, a durable job — lives in this one file (a real one
 * would split it over its folder), and the roles run it when it is added to the list they are
 * given. Not shipped: src/registry does not name it.
 */

export const pings = pgTable(
  'example_pings',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('example_pings_guild_idx').on(table.guildId)],
);

export const PINGS_RESET_JOB = 'example.pings-reset';

async function pingsIn(db: Db, guildId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(pings).where(eq(pings.guildId, guildId));
  return row?.n ?? 0;
}

/** What the command is handed, besides the core services: its own repository. */
interface PingServices {
  db: Db;
}

const pingCommand: SlashCommand<PingServices> = {
  name: 'example-ping',
  definition: new SlashCommandBuilder().setName('example-ping').setDescription('Counts a ping').toJSON(),
  async execute({ interaction, guildId, actor, services }) {
    await services.db.insert(pings).values({ guildId, userId: actor.userId });
    await answer(interaction, { content: `pong ${await pingsIn(services.db, guildId)}` });
  },
};

const pingRoutes =
  (db: Db): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/example/pings',
      {
        schema: {
          params: guildParamsSchema,
          response: { 200: z.object({ count: z.number().int() }), ...guildGuardErrors },
        },
      },
      async (request) => ({ count: await pingsIn(db, request.params.guildId) }),
    );
  };

const resetJobData = z.object({ guildId: z.string() });

export const pingsCapability = defineCapability<PingServices>({
  name: 'example-pings',
  summary: 'Counts /example-ping per server (a test fixture)',
  tables: { pings },
  gateway: {
    commands: [pingCommand],
    start: async ({ database }) => ({ services: { db: database.db } }),
  },
  api: { guildRoutes: ({ database }) => pingRoutes(database.db) },
  worker: {
    jobs: [
      {
        name: PINGS_RESET_JOB,
        run: async ({ database }, data) => {
          const { guildId } = resetJobData.parse(data);
          await database.db.delete(pings).where(eq(pings.guildId, guildId));
        },
      },
    ],
  },
});
