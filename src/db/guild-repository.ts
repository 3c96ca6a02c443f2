import { and, inArray, isNull } from 'drizzle-orm';
import type { Db } from './client.ts';
import { guilds } from './schema.ts';

/** Which guilds the bot is in, as the gateway records them (`leftAt` null). */
export class GuildRepository {
  constructor(private readonly db: Db) {}

  /** The subset of `ids` the bot is currently in. */
  async withBot(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .select({ id: guilds.id })
      .from(guilds)
      .where(and(inArray(guilds.id, [...ids]), isNull(guilds.leftAt)));
    return new Set(rows.map((row) => row.id));
  }

  async hasBot(id: string): Promise<boolean> {
    return (await this.withBot([id])).has(id);
  }
}
