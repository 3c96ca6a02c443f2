import type { DiscordUserGuild } from '../auth/discord-oauth-client.ts';
import type { PanelSession, SessionService } from '../auth/session-service.ts';
import { ApiError } from '../errors.ts';

const ADMINISTRATOR = 0x8n;
const MANAGE_GUILD = 0x20n;
const MAX_CACHED_USERS = 10_000;

/** A guild the user may manage, as Discord lists it. */
export interface ManageableGuild {
  id: string;
  name: string;
  icon: string | null;
  owner: boolean;
}

/** Owner, or holds MANAGE_GUILD or ADMINISTRATOR: what Discord's own server settings require. */
export function canManage(guild: Pick<DiscordUserGuild, 'owner' | 'permissions'>): boolean {
  const permissions = BigInt(guild.permissions);
  return guild.owner || (permissions & (MANAGE_GUILD | ADMINISTRATOR)) !== 0n;
}

/**
 * Decides whether a user may manage a guild, from their Discord guild list. The list is cached
 * per user for `ttlMs` (60 s at most): Discord rate-limits `/users/@me/guilds` hard, and a
 * permission removed on Discord takes effect here within that minute.
 */
export class GuildAccessGuard {
  readonly #cache = new Map<string, { guilds: Map<string, ManageableGuild>; expiresAt: number }>();

  constructor(
    private readonly sessions: SessionService,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {
    if (ttlMs > 60_000) throw new RangeError('guild access may be cached for 60 s at most');
  }

  /** The guilds the session's user may manage. */
  async manageableGuilds(session: PanelSession): Promise<ManageableGuild[]> {
    return [...(await this.#load(session)).values()];
  }

  /** Throws 403 FORBIDDEN unless the session's user may manage `guildId`. */
  async assertCanManage(session: PanelSession, guildId: string): Promise<void> {
    if (!(await this.#load(session)).has(guildId)) {
      throw new ApiError(403, 'FORBIDDEN', 'You need Manage Server (or to own the server) to manage it.');
    }
  }

  async #load(session: PanelSession): Promise<Map<string, ManageableGuild>> {
    const cached = this.#cache.get(session.userId);
    if (cached && cached.expiresAt > this.now()) return cached.guilds;
    const guilds = new Map<string, ManageableGuild>();
    for (const guild of await this.sessions.discordGuilds(session)) {
      if (canManage(guild)) {
        guilds.set(guild.id, {
          id: guild.id,
          name: guild.name,
          icon: guild.icon ?? null,
          owner: guild.owner,
        });
      }
    }
    // Map keeps insertion order: re-inserting moves the user last, so the first is the stalest.
    this.#cache.delete(session.userId);
    this.#cache.set(session.userId, { guilds, expiresAt: this.now() + this.ttlMs });
    if (this.#cache.size > MAX_CACHED_USERS) {
      const stalest = this.#cache.keys().next().value;
      if (stalest !== undefined) this.#cache.delete(stalest);
    }
    return guilds;
  }
}
