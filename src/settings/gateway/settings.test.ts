import type { ChatInputCommandInteraction, InteractionReplyOptions } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabaseTarget,
} from '../../../test/support/databases.ts';
import { type Bus, type BusEvent, createBus, MemoryBusHub } from '../../bus/index.ts';
import { type Database, migrate } from '../../db/index.ts';
import { translator } from '../../i18n/index.ts';
import type { CommandContext, CoreServices } from '../../interactions/index.ts';
import { UserFacingError } from '../../interactions/index.ts';
import { silentLogger } from '../../logging/index.ts';
import { defaultGuildSettings, SETTINGS_UPDATED_TOPIC, type SettingsUpdatedEvent } from '../index.ts';
import { GuildSettingsRepository } from '../settings-repository.ts';
import { settingsCommand } from './settings.ts';

const GUILD = '300000000000000001';
const MANAGER = '400000000000000001';
const MEMBER = '400000000000000002';

/** `/settings set <name> <option>:<value>` (or `/settings view` without a name) as Discord delivers it. */
function anInvocation(name: string | null, values: Record<string, string | number | boolean> = {}) {
  const replies: InteractionReplyOptions[] = [];
  const value = (option: string) => values[option] ?? null;
  const options = {
    getSubcommandGroup: () => (name ? 'set' : null),
    getSubcommand: () => name ?? 'view',
    getInteger: value,
    getNumber: value,
    getBoolean: value,
    getString: value,
    getRole: (option: string) => (values[option] ? { id: values[option] } : null),
    getChannel: (option: string) => (values[option] ? { id: values[option] } : null),
  };
  const interaction = { options, reply: async (reply: InteractionReplyOptions) => void replies.push(reply) };
  return { interaction: interaction as unknown as ChatInputCommandInteraction, replies };
}

describe.each(databaseKinds())('/settings (%s)', (kind) => {
  let target: TestDatabaseTarget;
  let database: Database;
  let repository: GuildSettingsRepository;
  let bus: Bus;
  const published: BusEvent<SettingsUpdatedEvent>[] = [];

  const run = (userId: string, invocation: ReturnType<typeof anInvocation>) => {
    const context: CommandContext = {
      guildId: GUILD,
      actor: { userId, voiceChannelId: null, roleIds: [], canManageGuild: userId === MANAGER },
      settings: defaultGuildSettings,
      language: 'en',
      t: translator('en'),
      services: { settings: repository, bus } as unknown as CoreServices,
      interaction: invocation.interaction,
    };
    return settingsCommand.execute(context);
  };

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    database = await target.open();
    await migrate(database);
    repository = new GuildSettingsRepository(database.db);
    await repository.upsertGuild({ id: GUILD, name: 'Test guild', ownerId: MANAGER });
    bus = await createBus({
      instanceId: 'settings-test',
      logger: silentLogger(),
      commandTimeoutMs: 1_000,
      memoryHub: new MemoryBusHub(),
    });
    await bus.subscribe<SettingsUpdatedEvent>(SETTINGS_UPDATED_TOPIC, (event) => void published.push(event));
  });
  afterAll(async () => {
    await bus?.close();
    await database?.close();
    await target?.dispose();
  });
  beforeEach(async () => {
    published.length = 0;
    await database.exec('TRUNCATE guild_settings, audit_log');
  });

  it('writes a valid value with an audit entry by the user, and announces it', async () => {
    const invocation = anInvocation('default-volume', { value: 120 });
    await run(MANAGER, invocation);
    expect(invocation.replies[0]?.content).toBe('Changed **Default volume** from 100% to 120%.');
    expect((await repository.get(GUILD)).defaultVolume).toBe(120);
    const [entry] = await repository.audit(GUILD, { limit: 10 });
    expect(entry).toMatchObject({
      actorId: MANAGER,
      action: 'settings.update',
      changes: { defaultVolume: { before: 100, after: 120 } },
    });
    await expect
      .poll(() => published.map((event) => event.payload), { timeout: 5_000 })
      .toEqual([
        expect.objectContaining({
          guildId: GUILD,
          actorId: MANAGER,
          diff: { defaultVolume: { before: 100, after: 120 } },
        }),
      ]);
  });

  it('refuses a value the shared schema refuses in the user’s words, naming the field and the bound, and writes nothing', async () => {
    const refusal = run(MANAGER, anInvocation('default-volume', { value: 300 }));
    await expect(refusal).rejects.toBeInstanceOf(UserFacingError);
    await expect(refusal).rejects.toMatchObject({
      key: 'error.SETTING_TOO_BIG',
      params: { field: 'Default volume', max: 200 },
    });
    await expect(run(MANAGER, anInvocation('vote-skip-ratio', { value: 0.05 }))).rejects.toMatchObject({
      key: 'error.SETTING_TOO_SMALL',
      params: { field: 'Vote-skip ratio', min: 0.1 },
    });
    const colour = run(MANAGER, anInvocation('embed-colour', { value: 'red' }));
    await expect(colour).rejects.toMatchObject({
      key: 'error.SETTING_NOT_COLOUR',
      params: { field: 'Embed colour' },
    });
    expect(await repository.get(GUILD)).toEqual(defaultGuildSettings);
    expect(await repository.audit(GUILD, { limit: 10 })).toEqual([]);
    expect(published).toEqual([]);
  });

  it('refuses members without Manage Server, even to view', async () => {
    for (const invocation of [anInvocation(null), anInvocation('247', { value: true })]) {
      await expect(run(MEMBER, invocation)).rejects.toMatchObject({ key: 'error.MANAGE_GUILD_ONLY' });
      expect(invocation.replies).toEqual([]);
    }
    expect((await repository.get(GUILD)).stayConnected247).toBe(false);
  });

  it('clears the DJ role when none is given, and says when nothing changed', async () => {
    await run(MANAGER, anInvocation('dj-role', { role: '600000000000000001' }));
    expect((await repository.get(GUILD)).djRoleId).toBe('600000000000000001');
    await run(MANAGER, anInvocation('dj-role'));
    expect((await repository.get(GUILD)).djRoleId).toBeNull();
    const again = anInvocation('dj-role');
    await run(MANAGER, again);
    expect(again.replies[0]?.content).toBe('**DJ role** already has that value: none.');
  });

  it('shows every setting', async () => {
    await run(MANAGER, anInvocation('leave-when-empty', { seconds: 5 }));
    const view = anInvocation(null);
    await run(MANAGER, view);
    const text = JSON.stringify(view.replies[0]?.embeds);
    expect(text).toContain('"name":"Leave an empty channel after","value":"5 s"');
    expect(text).toContain('"name":"Default volume","value":"100%"');
    expect(text).toContain('"name":"24/7","value":"off"');
  });
});
