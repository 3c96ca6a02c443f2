import { describe, expect, it } from 'vitest';
import type { DiscordUserGuild } from '../auth/discord-oauth-client.ts';
import type { PanelSession, SessionService } from '../auth/session-service.ts';
import { canManage, GuildAccessGuard } from './guild-access-guard.ts';

const session: PanelSession = {
  id: 's1',
  userId: '100000000000000001',
  csrfToken: 'x',
  expiresAt: new Date(),
};

function aGuild(overrides: Partial<DiscordUserGuild> = {}): DiscordUserGuild {
  return {
    id: '200000000000000001',
    name: 'Guild',
    icon: null,
    owner: false,
    permissions: '0',
    ...overrides,
  };
}

/** A stand-in for the session service's Discord guild list (the only part the guard uses). */
function guildsSource(initial: DiscordUserGuild[]) {
  const source = { guilds: initial, calls: 0 };
  const sessions = {
    discordGuilds: async () => {
      source.calls += 1;
      return source.guilds;
    },
  } as unknown as SessionService;
  return { source, sessions };
}

describe('GuildAccessGuard', () => {
  it('lets owners, Manage Server and Administrator holders manage, nobody else', () => {
    expect(canManage(aGuild({ owner: true }))).toBe(true);
    expect(canManage(aGuild({ permissions: String(0x20) }))).toBe(true);
    expect(canManage(aGuild({ permissions: String(0x8) }))).toBe(true);
    expect(canManage(aGuild({ permissions: String(0x10 | 0x100000) }))).toBe(false);
    // Permission strings exceed 2^53: parsed as BigInt, not Number.
    expect(canManage(aGuild({ permissions: (1n << 60n).toString() }))).toBe(false);
  });

  it('caches a user’s guild list for the TTL, then sees a removed permission', async () => {
    let now = 0;
    const { source, sessions } = guildsSource([aGuild({ permissions: String(0x20) })]);
    const guard = new GuildAccessGuard(sessions, 60_000, () => now);
    await guard.assertCanManage(session, '200000000000000001');
    source.guilds = [aGuild({ permissions: '0' })];
    now = 59_999;
    await guard.assertCanManage(session, '200000000000000001');
    expect(source.calls).toBe(1);
    now = 60_001;
    await expect(guard.assertCanManage(session, '200000000000000001')).rejects.toMatchObject({
      statusCode: 403,
      code: 'FORBIDDEN',
    });
    expect(source.calls).toBe(2);
  });

  it('refuses to cache access for longer than 60 s', () => {
    expect(() => new GuildAccessGuard(guildsSource([]).sessions, 120_000)).toThrow(RangeError);
  });
});
