import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeSettings, type SettingDescriptor } from '../../src/settings/index.ts';
import { databaseKinds } from '../support/databases.ts';
import { type Browser, logIn, type PanelHarness, startPanel } from './support.ts';

describe('describing the settings schema', () => {
  it('turns each kind of field into what a form needs, in the schema’s order', () => {
    const snowflake = z.string().regex(/^\d{15,21}$/);
    const described = describeSettings(
      z.object({
        loud: z.boolean().default(true),
        level: z.number().int().min(-5).max(5).default(0),
        share: z.number().min(0).max(1).multipleOf(0.05).default(0.25),
        mode: z.enum(['a', 'b']).default('b'),
        lobbyId: snowflake.nullable().meta({ picker: 'voiceChannel' }).default(null),
        sectionId: snowflake.meta({ picker: 'category' }).default('123456789012345678'),
        tag: z.string().max(8).default('x'),
        limit: z.number().int().positive().nullable().default(null),
      }),
    );
    const base = { nullable: false, min: null, max: null, step: null, values: null, pattern: null };
    const none = { maxLength: null, picker: null, format: null };
    expect(described).toEqual<SettingDescriptor[]>([
      { key: 'loud', type: 'boolean', default: true, ...base, ...none },
      { key: 'level', type: 'integer', default: 0, ...base, min: -5, max: 5, step: 1, ...none },
      { key: 'share', type: 'number', default: 0.25, ...base, min: 0, max: 1, step: 0.05, ...none },
      { key: 'mode', type: 'enum', default: 'b', ...base, values: ['a', 'b'], ...none },
      {
        key: 'lobbyId',
        type: 'string',
        default: null,
        ...base,
        nullable: true,
        pattern: '^\\d{15,21}$',
        ...none,
        picker: 'voiceChannel',
      },
      {
        key: 'sectionId',
        type: 'string',
        default: '123456789012345678',
        ...base,
        pattern: '^\\d{15,21}$',
        ...none,
        picker: 'category',
      },
      { key: 'tag', type: 'string', default: 'x', ...base, ...none, maxLength: 8 },
      // positive() is an exclusive bound: left to the server rather than shown wrong.
      { key: 'limit', type: 'integer', default: null, ...base, nullable: true, step: 1, ...none },
    ]);
  });

  it('refuses a field the panel could not render, and an unknown picker', () => {
    expect(() => describeSettings(z.object({ ids: z.array(z.string()).default([]) }))).toThrow(/ids/);
    expect(() => describeSettings(z.object({ x: z.string().meta({ picker: 'emoji' }).default('') }))).toThrow(
      /unknown picker emoji/,
    );
  });
});

describe.each(databaseKinds())('GET /api/guilds/:guildId/settings/schema (%s)', (kind) => {
  let panel: PanelHarness;
  let owner: Browser;
  let guildId: string;
  let described: SettingDescriptor[];

  beforeAll(async () => {
    panel = await startPanel({ kind });
    guildId = panel.emulator.demo!.guildId;
    owner = await logIn(panel, panel.emulator.demo!.ownerId);
    const response = await owner.request({ method: 'GET', url: `/api/guilds/${guildId}/settings/schema` });
    expect(response.statusCode).toBe(200);
    described = response.json().settings;
  });
  afterAll(async () => {
    await panel?.close();
  });

  const byKey = (key: string) => described.find((setting) => setting.key === key);

  it('describes every setting the server has, with its default', async () => {
    const settings = (await owner.request({ method: 'GET', url: `/api/guilds/${guildId}/settings` })).json()
      .settings as Record<string, unknown>;
    expect(described.map((setting) => setting.key)).toEqual(Object.keys(settings));
    for (const setting of described) expect(setting.default, setting.key).toEqual(settings[setting.key]);
  });

  it('names the pickers, bounds, values and formats of the real settings', () => {
    expect(byKey('djRoleId')).toMatchObject({ type: 'string', nullable: true, picker: 'role' });
    expect(byKey('announceChannelId')).toMatchObject({ nullable: true, picker: 'textChannel' });
    expect(byKey('defaultVolume')).toMatchObject({
      type: 'integer',
      min: 0,
      max: 200,
      step: 1,
      default: 100,
    });
    expect(byKey('voteSkipRatio')).toMatchObject({ type: 'number', min: 0.1, max: 1 });
    expect(byKey('stayConnected247')).toMatchObject({ type: 'boolean', nullable: false });
    // Channel restrictions (issue 14); the request channel does nothing without the Message
    // Content intent, which this panel's bot (no DISCORD_MESSAGE_CONTENT) runs without.
    expect(byKey('musicTextChannelId')).toMatchObject({ nullable: true, picker: 'textChannel' });
    expect(byKey('musicTextChannelId')).not.toHaveProperty('inactive');
    expect(byKey('musicVoiceChannelId')).toMatchObject({ nullable: true, picker: 'voiceChannel' });
    expect(byKey('requestChannelId')).toMatchObject({
      picker: 'textChannel',
      inactive: 'messageContentIntent',
    });
    expect(byKey('language')).toMatchObject({ type: 'enum', values: ['en', 'de', 'fr', 'es'] });
    expect(byKey('embedColor')).toMatchObject({
      type: 'string',
      format: 'color',
      pattern: '^#[0-9a-fA-F]{6}$',
    });
  });

  it('describes the bounds PATCH enforces: each edge is accepted, one step past it refused by path', async () => {
    const numbers = described.filter((setting) => setting.min !== null && setting.max !== null);
    expect(numbers.length).toBeGreaterThanOrEqual(5);
    for (const setting of numbers) {
      const past = setting.type === 'integer' ? 1 : 0.01;
      for (const [value, status] of [
        [setting.min, 200],
        [setting.max, 200],
        [setting.min! - past, 400],
        [setting.max! + past, 400],
      ] as const) {
        const response = await owner.request({
          method: 'PATCH',
          url: `/api/guilds/${guildId}/settings`,
          payload: { [setting.key]: value },
        });
        expect(response.statusCode, `${setting.key}=${value}`).toBe(status);
        if (status === 400)
          expect(response.json().details).toEqual([expect.objectContaining({ path: setting.key })]);
      }
    }
  });

  it('names the actor of each audit entry when they logged in to the panel', async () => {
    const patch = await owner.request({
      method: 'PATCH',
      url: `/api/guilds/${guildId}/settings`,
      payload: { defaultVolume: 77 },
    });
    expect(patch.statusCode).toBe(200);
    const audit = await owner.request({ method: 'GET', url: `/api/guilds/${guildId}/audit?limit=1` });
    expect(audit.json().entries).toEqual([
      expect.objectContaining({ actorId: owner.userId, actorName: 'Demo Owner', action: 'settings.update' }),
    ]);
    await panel.database.query(
      "INSERT INTO audit_log (guild_id, actor_id, action, target) VALUES ($1, '999999999999999999', 'test.unknown', 'x')",
      [guildId],
    );
    const unknown = await owner.request({ method: 'GET', url: `/api/guilds/${guildId}/audit?limit=1` });
    expect(unknown.json().entries[0]).toMatchObject({ actorId: '999999999999999999', actorName: null });
  });

  it('sits behind the guild access guard like its siblings', async () => {
    const anonymous = await panel.app.inject({
      method: 'GET',
      url: `/api/guilds/${guildId}/settings/schema`,
    });
    expect(anonymous.statusCode).toBe(401);
    const bob = await logIn(panel, panel.emulator.demo!.memberIds[1]!);
    const forbidden = await bob.request({ method: 'GET', url: `/api/guilds/${guildId}/settings/schema` });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error).toBe('FORBIDDEN');
    const badId = await owner.request({ method: 'GET', url: '/api/guilds/not-an-id/settings/schema' });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().details).toEqual([expect.objectContaining({ path: 'guildId' })]);
  });
});
