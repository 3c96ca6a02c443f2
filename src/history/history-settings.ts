import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/index.ts';
import { historySettings } from './schema.ts';

/** A user's history preferences, as the panel shows and saves them. */
export interface HistorySettings {
  /** Voice plays they hear become listens; off until they opt in. */
  voiceHistory: boolean;
}

export const DEFAULT_HISTORY_SETTINGS: HistorySettings = { voiceHistory: false };

/** Reads and saves `history_settings`; a user without a row has the defaults. */
export class HistorySettingsRepository {
  constructor(private readonly database: Pick<Database, 'db'>) {}

  async get(userId: string): Promise<HistorySettings> {
    const [row] = await this.database.db
      .select({ voiceHistory: historySettings.voiceHistory })
      .from(historySettings)
      .where(eq(historySettings.userId, userId));
    return row ?? { ...DEFAULT_HISTORY_SETTINGS };
  }

  /** Saves the settings of a user who has a profile (`users` row: they logged in to the panel). */
  async set(userId: string, settings: HistorySettings): Promise<HistorySettings> {
    await this.database.db
      .insert(historySettings)
      .values({ userId, voiceHistory: settings.voiceHistory })
      .onConflictDoUpdate({
        target: historySettings.userId,
        set: { voiceHistory: settings.voiceHistory, updatedAt: new Date() },
      });
    return { voiceHistory: settings.voiceHistory };
  }

  /** Which of `userIds` opted in to voice history. */
  async voiceOptedIn(userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.database.db
      .select({ userId: historySettings.userId })
      .from(historySettings)
      .where(and(inArray(historySettings.userId, [...userIds]), eq(historySettings.voiceHistory, true)));
    return new Set(rows.map((row) => row.userId));
  }
}
