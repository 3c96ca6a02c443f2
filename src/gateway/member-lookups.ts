import { type Guild, type GuildMember, IntentsBitField } from 'discord.js';

/** Members not in the cache that one request may have looked up; the rest are named next time. */
export const MAX_LOOKUPS_PER_REQUEST = 10;
/** Someone not (or no longer) in the guild is not asked about again for this long. */
const ABSENT_FOR_MS = 5 * 60_000;

/**
 * Finds members for the panel's `/members` without letting callers multiply Discord calls:
 * the cache first (members in voice and recent command users are there, and every member found
 * is kept); each member not cached is looked up once however many requests ask at the same time;
 * one request starts at most {@link MAX_LOOKUPS_PER_REQUEST} new lookups; someone not in the guild
 * is remembered as absent for a few minutes. With the Server Members intent
 * (DISCORD_MEMBER_EVENTS) the lookups of a request go in one gateway request (op 8) instead of
 * one REST call each.
 */
export class MemberLookups {
  readonly #pending = new Map<string, Promise<GuildMember | null>>();
  readonly #absentUntil = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async find(guild: Guild, ids: readonly string[]): Promise<GuildMember[]> {
    const found: GuildMember[] = [];
    const waiting: Promise<GuildMember | null>[] = [];
    const toLookUp: string[] = [];
    for (const id of new Set(ids)) {
      const cached = guild.members.cache.get(id);
      if (cached) found.push(cached);
      else if (this.#isAbsent(guild.id, id)) continue;
      else {
        const pending = this.#pending.get(key(guild.id, id));
        if (pending) waiting.push(pending);
        else if (toLookUp.length < MAX_LOOKUPS_PER_REQUEST) toLookUp.push(id);
      }
    }
    waiting.push(...this.#lookUp(guild, toLookUp));
    for (const member of await Promise.all(waiting)) if (member) found.push(member);
    return found;
  }

  #lookUp(guild: Guild, ids: string[]): Promise<GuildMember | null>[] {
    if (ids.length === 0) return [];
    const bulk = new IntentsBitField(guild.client.options.intents).has('GuildMembers');
    const fetched = bulk ? guild.members.fetch({ user: ids }).catch(() => null) : null;
    return ids.map((id) => {
      const lookup = (async () => {
        const member = fetched
          ? ((await fetched)?.get(id) ?? null)
          : await guild.members.fetch(id).catch(() => null);
        if (!member) this.#absentUntil.set(key(guild.id, id), this.now() + ABSENT_FOR_MS);
        return member;
      })().finally(() => this.#pending.delete(key(guild.id, id)));
      this.#pending.set(key(guild.id, id), lookup);
      return lookup;
    });
  }

  #isAbsent(guildId: string, id: string): boolean {
    const until = this.#absentUntil.get(key(guildId, id));
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.#absentUntil.delete(key(guildId, id));
    return false;
  }
}

const key = (guildId: string, userId: string) => `${guildId}:${userId}`;
