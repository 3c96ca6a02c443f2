import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.ts';
import { type Browser, logIn, type PanelHarness, startPanel } from './support.ts';

const MANAGE_GUILD = 0x20;

describe.each(databaseKinds())('guild access (%s)', (kind) => {
  let panel: PanelHarness;
  let owner: Browser;
  let bob: Browser;
  let carol: Browser;
  let guildId: string;
  let botlessGuildId: string;

  beforeAll(async () => {
    panel = await startPanel({ kind });
    const { control, demo } = panel.emulator;
    guildId = demo!.guildId;
    const [, bobId, carolId] = demo!.memberIds as [string, string, string];
    // Carol manages the server through a role; Bob is a plain member.
    const managers = control.createRole({ guildId, name: 'Managers', permissions: MANAGE_GUILD });
    control.updateMember({ guildId, userId: carolId, roles: [String(managers.id)] });
    botlessGuildId = control.createGuild({ name: 'No Bot Here', ownerId: demo!.ownerId, addBot: false }).id;
    owner = await logIn(panel, demo!.ownerId);
    bob = await logIn(panel, bobId);
    carol = await logIn(panel, carolId);
  });
  afterAll(async () => {
    await panel?.close();
  });

  /** Every route under /api/guilds/:guildId/, from Fastify's own route table. */
  function guildRoutes() {
    const routes = panel.routes.filter(
      (r) => r.url.startsWith('/api/guilds/:guildId/') && !['HEAD', 'OPTIONS'].includes(r.method),
    );
    expect(routes.length).toBeGreaterThanOrEqual(5);
    return routes;
  }

  it('answers 401 to an anonymous caller on every guild route', async () => {
    for (const route of guildRoutes()) {
      const response = await panel.app.inject({
        method: route.method as 'GET',
        url: route.url.replace(':guildId', guildId),
        ...(route.method === 'GET' ? {} : { payload: {} }),
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(response.json().error).toBe('UNAUTHENTICATED');
    }
  });

  it('answers 403 to a member who can’t manage the server on every guild route', async () => {
    for (const route of guildRoutes()) {
      const response = await bob.request({
        method: route.method as 'GET',
        url: route.url.replace(':guildId', guildId),
        ...(route.method === 'GET' ? {} : { payload: {} }),
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(403);
      expect(response.json().error).toBe('FORBIDDEN');
    }
  });

  it('lists the servers a user manages, with the bot’s presence or an invite link', async () => {
    const response = await owner.request({ method: 'GET', url: '/api/guilds' });
    expect(response.statusCode).toBe(200);
    const guilds = response.json().guilds as { id: string; botPresent: boolean; inviteUrl: string | null }[];
    expect(guilds.map((g) => g.id).sort()).toEqual([guildId, botlessGuildId].sort());
    expect(guilds.find((g) => g.id === guildId)).toMatchObject({ botPresent: true, inviteUrl: null });
    const invite = new URL(guilds.find((g) => g.id === botlessGuildId)!.inviteUrl!);
    expect(Object.fromEntries(invite.searchParams)).toMatchObject({
      client_id: panel.emulator.applicationId,
      scope: 'bot applications.commands',
      guild_id: botlessGuildId,
      disable_guild_select: 'true',
      permissions: expect.stringMatching(/^\d+$/),
    });
    expect(BigInt(invite.searchParams.get('permissions')!) & (1n << 20n)).toBe(1n << 20n); // CONNECT
  });

  it('counts Manage Server through a role, and lists nothing for a plain member', async () => {
    const carolGuilds = (await carol.request({ method: 'GET', url: '/api/guilds' })).json().guilds;
    expect(carolGuilds.map((g: { id: string }) => g.id)).toEqual([guildId]);
    expect((await carol.request({ method: 'GET', url: `/api/guilds/${guildId}/settings` })).statusCode).toBe(
      200,
    );
    expect((await bob.request({ method: 'GET', url: '/api/guilds' })).json().guilds).toEqual([]);
  });

  it('answers 404 GUILD_NOT_FOUND for a server the user manages but the bot is not in', async () => {
    const response = await owner.request({ method: 'GET', url: `/api/guilds/${botlessGuildId}/settings` });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toBe('GUILD_NOT_FOUND');
  });

  it('answers 401 to a guild list request without a session', async () => {
    const response = await panel.app.inject({ method: 'GET', url: '/api/guilds' });
    expect(response.statusCode).toBe(401);
  });
});
