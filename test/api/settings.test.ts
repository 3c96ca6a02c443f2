import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS_UPDATED_TOPIC, type SettingsUpdatedEvent } from '../../src/api/index.ts';
import type { BusEvent } from '../../src/bus/index.ts';
import { databaseKinds } from '../support/databases.ts';
import { type Browser, logIn, type PanelHarness, startPanel } from './support.ts';

describe.each(databaseKinds())('guild settings and resources through a real gateway (%s)', (kind) => {
  let panel: PanelHarness;
  let owner: Browser;
  let guildId: string;
  const events: BusEvent<SettingsUpdatedEvent>[] = [];

  beforeAll(async () => {
    panel = await startPanel({ kind, gateway: true });
    guildId = panel.emulator.demo!.guildId;
    await panel.observer.subscribe<SettingsUpdatedEvent>(SETTINGS_UPDATED_TOPIC, (event) => {
      events.push(event);
    });
    owner = await logIn(panel, panel.emulator.demo!.ownerId);
  });
  afterAll(async () => {
    await panel?.close();
  });

  const settingsUrl = () => `/api/guilds/${guildId}/settings`;

  it('reads the defaults of a server never configured', async () => {
    const response = await owner.request({ method: 'GET', url: settingsUrl() });
    expect(response.statusCode).toBe(200);
    expect(response.json().settings).toMatchObject({ defaultVolume: 100, djRoleId: null, language: 'en' });
  });

  it('applies a change, leaves an audit entry and announces it on the bus', async () => {
    const response = await owner.request({
      method: 'PATCH',
      url: settingsUrl(),
      payload: { defaultVolume: 120, language: 'de' },
      headers: { 'x-request-id': 'req-settings-1' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      settings: { defaultVolume: 120, language: 'de' },
      changed: ['defaultVolume', 'language'],
    });
    const audit = await owner.request({ method: 'GET', url: `/api/guilds/${guildId}/audit` });
    expect(audit.json().entries[0]).toMatchObject({
      actorId: owner.userId,
      action: 'settings.update',
      // Our id for the request: a caller's X-Request-Id is never recorded as ours, but as theirs.
      requestId: response.headers['x-request-id'],
      callerRequestId: 'req-settings-1',
      changes: { defaultVolume: { before: 100, after: 120 }, language: { before: 'en', after: 'de' } },
    });
    await expect.poll(() => events.length, { timeout: 5_000 }).toBe(1);
    expect(events[0]).toMatchObject({
      correlationId: response.headers['x-request-id'],
      payload: {
        guildId,
        actorId: owner.userId,
        settings: { defaultVolume: 120 },
        diff: { defaultVolume: { before: 100, after: 120 } },
      },
    });
  });

  it('refuses an invalid patch with 400 naming each field, and changes nothing', async () => {
    const before = await panel.database.query('SELECT count(*)::int AS n FROM audit_log');
    for (const [payload, fields] of [
      [{ defaultVolume: 500, embedColor: 'red' }, ['defaultVolume', 'embedColor']],
      [{ volume: 10 }, ['volume']],
    ] as const) {
      const response = await owner.request({ method: 'PATCH', url: settingsUrl(), payload });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toBe('VALIDATION_FAILED');
      expect(
        response
          .json()
          .details.map((d: { path: string }) => d.path)
          .sort(),
      ).toEqual([...fields].sort());
    }
    const after = await panel.database.query('SELECT count(*)::int AS n FROM audit_log');
    expect(after.rows).toEqual(before.rows);
    const settings = (await owner.request({ method: 'GET', url: settingsUrl() })).json().settings;
    expect(settings.defaultVolume).toBe(120);
  });

  it('checks that a role or channel named in the settings exists in the server', async () => {
    const demo = panel.emulator.demo!;
    const bad = await owner.request({
      method: 'PATCH',
      url: settingsUrl(),
      payload: { djRoleId: '123456789012345678', announceChannelId: demo.voiceChannelId },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.map((d: { path: string }) => d.path)).toEqual([
      'djRoleId',
      'announceChannelId',
    ]);
    const good = await owner.request({
      method: 'PATCH',
      url: settingsUrl(),
      payload: { djRoleId: demo.djRoleId, announceChannelId: demo.musicTextChannelId },
    });
    expect(good.statusCode).toBe(200);
    expect(good.json().settings).toMatchObject({
      djRoleId: demo.djRoleId,
      announceChannelId: demo.musicTextChannelId,
    });
  });

  it('pages the audit log with a cursor and filters it by action and actor', async () => {
    for (const volume of [10, 20, 30]) {
      await owner.request({ method: 'PATCH', url: settingsUrl(), payload: { defaultVolume: volume } });
    }
    const first = (
      await owner.request({ method: 'GET', url: `/api/guilds/${guildId}/audit?limit=2` })
    ).json();
    expect(first.entries).toHaveLength(2);
    expect(first.entries[0].changes.defaultVolume.after).toBe(30);
    const second = (
      await owner.request({
        method: 'GET',
        url: `/api/guilds/${guildId}/audit?limit=2&before=${first.nextBefore}`,
      })
    ).json();
    expect(second.entries[0].changes.defaultVolume.after).toBe(10);
    expect(second.entries.every((e: { id: number }) => e.id < first.nextBefore)).toBe(true);
    const byOther = await owner.request({
      method: 'GET',
      url: `/api/guilds/${guildId}/audit?actor=${panel.emulator.demo!.memberIds[0]}`,
    });
    expect(byOther.json()).toEqual({ entries: [], nextBefore: null });
    const byAction = await owner.request({ method: 'GET', url: `/api/guilds/${guildId}/audit?action=other` });
    expect(byAction.json().entries).toEqual([]);
    const badLimit = await owner.request({ method: 'GET', url: `/api/guilds/${guildId}/audit?limit=1000` });
    expect(badLimit.statusCode).toBe(400);
    expect(badLimit.json().details[0].path).toBe('limit');
  });

  it('lists the server’s channels and roles from the gateway’s cache', async () => {
    const demo = panel.emulator.demo!;
    const channels = (await owner.request({ method: 'GET', url: `/api/guilds/${guildId}/channels` })).json()
      .channels as { id: string; type: string; parentId: string | null; name: string }[];
    expect(channels).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: demo.textChannelId, name: 'general', type: 'text', parentId: null }),
        expect.objectContaining({ id: demo.categoryId, type: 'category' }),
        expect.objectContaining({ id: demo.voiceChannelId, type: 'voice', parentId: demo.categoryId }),
      ]),
    );
    const roles = (await owner.request({ method: 'GET', url: `/api/guilds/${guildId}/roles` })).json().roles;
    expect(roles).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: demo.djRoleId, name: 'DJ', color: 0x1db954, managed: false }),
        expect.objectContaining({ id: guildId, name: '@everyone' }),
      ]),
    );
  });

  it('names the given members (fetching those not cached), leaves out strangers, and validates the ids', async () => {
    const demo = panel.emulator.demo!;
    const [alice, bob] = demo.memberIds as [string, string];
    const stranger = String(panel.emulator.control.createUser({ username: 'stranger' }).id);
    const response = await owner.request({
      method: 'GET',
      url: `/api/guilds/${guildId}/members?ids=${alice},${bob},${stranger}`,
    });
    expect(response.statusCode).toBe(200);
    const members = response.json().members as { id: string; displayName: string; bot: boolean }[];
    expect(members.map((m) => [m.id, m.displayName, m.bot]).sort()).toEqual(
      [
        [alice, 'Alice', false],
        [bob, 'Bob', false],
      ].sort(),
    );
    for (const query of ['', '?ids=', '?ids=abc', `?ids=${Array(51).fill(alice).join(',')}`]) {
      const bad = await owner.request({ method: 'GET', url: `/api/guilds/${guildId}/members${query}` });
      expect(bad.statusCode, query).toBe(400);
      expect(bad.json().details[0].path, query).toMatch(/^ids/);
    }
  });

  it('refuses control characters in a query string with 400 naming the parameter', async () => {
    for (const query of ['action=%00', 'action=settings.update%0A', 'limit=5&action=a%07b']) {
      const response = await owner.request({ method: 'GET', url: `/api/guilds/${guildId}/audit?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json(), query).toMatchObject({
        error: 'VALIDATION_FAILED',
        details: [{ path: 'action', message: 'must not contain control characters' }],
      });
    }
    const fine = await owner.request({
      method: 'GET',
      url: `/api/guilds/${guildId}/audit?action=settings.update`,
    });
    expect(fine.statusCode).toBe(200);
  });

  it('looks each member up at Discord once, however many panel requests ask at the same time', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => {
      const user = panel.emulator.control.createUser({ username: `listener-${i}` }) as { id: string };
      panel.emulator.control.addMember({ guildId, userId: String(user.id) });
      return String(user.id);
    });
    const lookups = () =>
      panel.emulator.control.requests({ route: 'GET /guilds/:guildId/members/:userId' }).length;
    const before = lookups();
    const url = `/api/guilds/${guildId}/members?ids=${ids.join(',')}`;
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => owner.request({ method: 'GET', url })),
    );
    expect(replies.map((reply) => reply.statusCode)).toEqual(Array(20).fill(200));
    // 20 × 50 members not cached: one lookup each, not one per request (1,000 before).
    expect(lookups() - before).toBe(50);
    const again = await owner.request({ method: 'GET', url });
    expect((again.json().members as unknown[]).length).toBe(50);
    expect(lookups() - before).toBe(50);
  });

  it('refuses a music channel of the wrong kind, naming the field', async () => {
    const demo = panel.emulator.demo!; // issue 14: channel restrictions
    const wrong = await owner.request({
      method: 'PATCH',
      url: `/api/guilds/${guildId}/settings`,
      payload: { musicVoiceChannelId: demo.textChannelId, requestChannelId: demo.voiceChannelId },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().details).toEqual([
      { path: 'requestChannelId', message: 'no such text channel in this server' },
      { path: 'musicVoiceChannelId', message: 'no such voice channel in this server' },
    ]);
    const right = await owner.request({
      method: 'PATCH',
      url: `/api/guilds/${guildId}/settings`,
      payload: { musicVoiceChannelId: demo.voiceChannelId, musicTextChannelId: demo.textChannelId },
    });
    expect(right.statusCode).toBe(200);
    const reset = await owner.request({
      method: 'PATCH',
      url: `/api/guilds/${guildId}/settings`,
      payload: { musicVoiceChannelId: null, musicTextChannelId: null },
    });
    expect(reset.statusCode).toBe(200);
  });

  it('sees a channel created on Discord after start', async () => {
    const created = panel.emulator.control.createChannel({ guildId, name: 'requests', type: 'text' });
    await expect
      .poll(
        async () =>
          (await owner.request({ method: 'GET', url: `/api/guilds/${guildId}/channels` }))
            .json()
            .channels.map((c: { id: string }) => c.id),
        { timeout: 5_000 },
      )
      .toContain(String(created.id));
  });
});

describe('guild resources without a gateway', () => {
  let panel: PanelHarness;
  let owner: Browser;

  beforeAll(async () => {
    panel = await startPanel({ kind: 'pglite' });
    owner = await logIn(panel, panel.emulator.demo!.ownerId);
  });
  afterAll(async () => {
    await panel?.close();
  });

  it('answers 503 GATEWAY_UNAVAILABLE when no gateway answers', async () => {
    const guildId = panel.emulator.demo!.guildId;
    for (const url of [`/api/guilds/${guildId}/channels`, `/api/guilds/${guildId}/roles`]) {
      const response = await owner.request({ method: 'GET', url });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({
        error: 'GATEWAY_UNAVAILABLE',
        message: expect.stringMatching(/bot/),
      });
    }
    const patch = await owner.request({
      method: 'PATCH',
      url: `/api/guilds/${guildId}/settings`,
      payload: { djRoleId: panel.emulator.demo!.djRoleId },
    });
    expect(patch.statusCode).toBe(503);
  });
});
