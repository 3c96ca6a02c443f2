import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { guilds, users } from '../db/schema.ts';
import {
  defaultGuildSettings,
  type GuildSettings,
  type GuildSettingsPatch,
  guildSettingsSchema,
} from './contract.ts';
import { auditLog, guildSettings } from './schema.ts';

export interface SettingsChange {
  before: GuildSettings;
  after: GuildSettings;
  /** Only the fields that changed: `{ field: { before, after } }`. */
  diff: Record<string, { before: unknown; after: unknown }>;
  revision: number;
}

export interface ActorContext {
  actorId: string | null;
  /** Our request id (the correlation id of the change's log lines). */
  requestId?: string | undefined;
  /** The caller's own `X-Request-Id`, kept as theirs: never taken for ours. */
  callerRequestId?: string | undefined;
}

export interface AuditEntry {
  id: number;
  guildId: string;
  actorId: string | null;
  action: string;
  target: string | null;
  changes: unknown;
  requestId: string | null;
  callerRequestId: string | null;
  createdAt: Date;
  /** The actor's Discord display name (else username) when they are in `users`, else null. */
  actorName: string | null;
}

/** Reads and writes guild settings; every write leaves an audit entry in the same transaction. */
export class GuildSettingsRepository {
  constructor(private readonly db: Db) {}

  /** The guild's settings, defaults filled in for anything never set. */
  async get(guildId: string): Promise<GuildSettings> {
    const [row] = await this.db.select().from(guildSettings).where(eq(guildSettings.guildId, guildId));
    return row ? guildSettingsSchema.parse(row.data) : { ...defaultGuildSettings };
  }

  /** Records a guild the bot knows (name refreshed on every call). */
  async upsertGuild(guild: { id: string; name: string; ownerId?: string | null }): Promise<void> {
    await this.db
      .insert(guilds)
      .values({ id: guild.id, name: guild.name, ownerId: guild.ownerId ?? null, joinedAt: new Date() })
      .onConflictDoUpdate({
        target: guilds.id,
        set: { name: guild.name, ownerId: guild.ownerId ?? null, leftAt: null, updatedAt: new Date() },
      });
  }

  /** Records that the bot left (or was removed from) a guild; its settings stay for a return. */
  async markGuildLeft(guildId: string): Promise<void> {
    await this.db
      .update(guilds)
      .set({ leftAt: new Date(), updatedAt: new Date() })
      .where(eq(guilds.id, guildId));
  }

  /**
   * Applies a validated patch. Returns null when nothing changed (no audit entry is written);
   * the guild row must exist (upsertGuild) or the foreign key refuses the write.
   */
  async update(
    guildId: string,
    patch: GuildSettingsPatch,
    actor: ActorContext,
  ): Promise<SettingsChange | null> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(guildSettings)
        .where(eq(guildSettings.guildId, guildId))
        .for('update');
      const before = row ? guildSettingsSchema.parse(row.data) : { ...defaultGuildSettings };
      const after = guildSettingsSchema.parse({ ...before, ...patch });
      const diff = diffSettings(before, after);
      if (Object.keys(diff).length === 0) return null;
      const revision = (row?.revision ?? 0) + 1;
      await tx
        .insert(guildSettings)
        .values({ guildId, data: after, revision, updatedBy: actor.actorId })
        .onConflictDoUpdate({
          target: guildSettings.guildId,
          set: { data: after, revision, updatedBy: actor.actorId, updatedAt: new Date() },
        });
      await tx.insert(auditLog).values({
        guildId,
        actorId: actor.actorId,
        action: 'settings.update',
        target: 'settings',
        changes: diff,
        requestId: actor.requestId ?? null,
        callerRequestId: actor.callerRequestId ?? null,
      });
      return { before, after, diff, revision };
    });
  }

  /**
   * Records an action other than a settings change (the panel's player and playlist actions,
   * `music.skip`, `playlist.rename`…) in the same audit trail, with who did it.
   */
  async recordAction(
    guildId: string,
    entry: { action: string; target?: string | null; changes?: Record<string, unknown> },
    actor: ActorContext,
  ): Promise<void> {
    await this.db.insert(auditLog).values({
      guildId,
      actorId: actor.actorId,
      action: entry.action,
      target: entry.target ?? null,
      changes: entry.changes ?? {},
      requestId: actor.requestId ?? null,
      callerRequestId: actor.callerRequestId ?? null,
    });
  }

  /**
   * Newest first, `limit` per page; pass the last id seen as `beforeId` for the next page.
   * `action` and `actorId` narrow the entries to one kind of change or one person.
   */
  async audit(
    guildId: string,
    options: {
      limit: number;
      beforeId?: number | undefined;
      action?: string | undefined;
      actorId?: string | undefined;
    },
  ): Promise<AuditEntry[]> {
    const where = and(
      eq(auditLog.guildId, guildId),
      options.beforeId ? lt(auditLog.id, options.beforeId) : undefined,
      options.action ? eq(auditLog.action, options.action) : undefined,
      options.actorId ? eq(auditLog.actorId, options.actorId) : undefined,
    );
    const rows = await this.db
      .select({ entry: auditLog, globalName: users.globalName, username: users.username })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(where)
      .orderBy(desc(auditLog.id))
      .limit(options.limit);
    return rows.map(({ entry, globalName, username }) => ({ ...entry, actorName: globalName ?? username }));
  }
}

function diffSettings(before: GuildSettings, after: GuildSettings): SettingsChange['diff'] {
  const diff: SettingsChange['diff'] = {};
  for (const key of Object.keys(after) as (keyof GuildSettings)[]) {
    if (before[key] !== after[key]) diff[key] = { before: before[key], after: after[key] };
  }
  return diff;
}
