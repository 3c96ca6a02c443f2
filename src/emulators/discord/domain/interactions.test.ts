import { describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS } from '../permissions.ts';
import { createChannel } from './channels.ts';
import { commandDefinitionSchema, overwriteCommands } from './commands.ts';
import { addBotToGuild, addMember, createGuild, createRole } from './guilds.ts';
import { commandData, InteractionType } from './interaction-payload.ts';
import { InteractionNotAnswered, InteractionRegistry } from './interactions.ts';
import { recordingWorld } from './test-world.ts';
import { createApplication, createUser } from './users.ts';

function setup(limits: Parameters<typeof recordingWorld>[0] = {}) {
  const { world, dispatched } = recordingWorld(limits);
  const app = createApplication(world, { name: 'Bot' });
  const owner = createUser(world, { username: 'owner' });
  const alice = createUser(world, { username: 'alice' });
  const guild = createGuild(world, { name: 'G', ownerId: owner.id });
  addBotToGuild(world, guild.id, app.id, ALL_PERMISSIONS);
  addMember(world, { guildId: guild.id, userId: alice.id });
  const role = createRole(world, { guildId: guild.id, name: 'DJ' });
  const text = createChannel(world, { guildId: guild.id, name: 'General', type: 0 });
  const voice = createChannel(world, { guildId: guild.id, name: 'Music', type: 2 });
  const [command] = overwriteCommands(world, app.id, guild.id, [
    commandDefinitionSchema.parse({
      name: 'queue',
      description: 'queue things',
      options: [
        {
          type: 1,
          name: 'add',
          description: 'add',
          options: [
            { type: 3, name: 'song', description: 's', required: true },
            { type: 4, name: 'times', description: 't', min_value: 1, max_value: 5 },
            { type: 6, name: 'for', description: 'u' },
            { type: 7, name: 'where', description: 'c', channel_types: [2] },
            { type: 8, name: 'role', description: 'r' },
          ],
        },
      ],
    }),
  ]);
  const ctx = { applicationId: app.id, guildId: guild.id, channelId: text.id, userId: owner.id };
  return { world, dispatched, app, owner, alice, guild, role, text, voice, command: command!, ctx };
}

describe('commandData', () => {
  it('types options from the registered command and fills resolved', () => {
    const { world, command, ctx, alice, voice, role } = setup();
    const data = commandData(
      world,
      ctx,
      command,
      {
        command: 'queue',
        subcommand: 'add',
        options: { song: 'So What', times: '3', for: alice.id, where: voice.id, role: role.id },
      },
      false,
    );
    expect(data.options).toEqual([
      {
        type: 1,
        name: 'add',
        options: [
          { type: 3, name: 'song', value: 'So What' },
          { type: 4, name: 'times', value: 3 },
          { type: 6, name: 'for', value: alice.id },
          { type: 7, name: 'where', value: voice.id },
          { type: 8, name: 'role', value: role.id },
        ],
      },
    ]);
    const resolved = data.resolved as Record<string, Record<string, Record<string, unknown>>>;
    expect(resolved.users?.[alice.id]).toMatchObject({ username: 'alice' });
    expect(resolved.members?.[alice.id]?.permissions).toMatch(/^\d+$/);
    expect(resolved.channels?.[voice.id]).toMatchObject({ type: 2, name: 'Music' });
    expect(resolved.roles?.[role.id]).toMatchObject({ name: 'DJ' });
  });

  it('refuses what the Discord client would not send', () => {
    const { world, command, ctx, text } = setup();
    const run = (options: Record<string, string | number>, subcommand = 'add') =>
      commandData(world, ctx, command, { command: 'queue', subcommand, options }, false);
    expect(() => run({})).toThrow(/needs option "song"/);
    expect(() => run({ song: 'x', times: 9 })).toThrow(/above 5/);
    expect(() => run({ song: 'x', times: 1.5 })).toThrow(/integer/);
    expect(() => run({ song: 'x', where: text.id })).toThrow(/channel types 2/);
    expect(() => run({ song: 'x', nope: 1 })).toThrow(/no option "nope"/);
    expect(() => run({ song: 'x' }, 'remove')).toThrow(/no subcommand "remove"/);
  });
});

describe('InteractionRegistry', () => {
  it('dispatches INTERACTION_CREATE to the application with member permissions', () => {
    const { world, dispatched, app, ctx } = setup();
    const registry = new InteractionRegistry(world);
    registry.start({
      ctx,
      type: InteractionType.APPLICATION_COMMAND,
      data: { id: '1', name: 'queue', type: 1 },
    });
    const event = dispatched.find((e) => e.t === 'INTERACTION_CREATE')!;
    expect(event).toMatchObject({ applicationId: app.id, guildId: ctx.guildId });
    expect(event.d).toMatchObject({
      type: 2,
      member: { permissions: ALL_PERMISSIONS.toString() },
      entitlements: [],
    });
  });

  it('accepts one acknowledgement and refuses a second with 40060', async () => {
    const { world, ctx } = setup();
    const registry = new InteractionRegistry(world);
    const { id, token } = registry.start({ ctx, type: 2, data: { id: '1', name: 'queue', type: 1 } });
    registry.callback(id, token, { type: 4, data: { content: 'hi' } }, [], false);
    expect(() => registry.callback(id, token, { type: 4, data: { content: 'again' } }, [], false)).toThrow(
      expect.objectContaining({ code: 40060 }),
    );
    expect(() =>
      registry.callback(id, 'wrong-token', { type: 4, data: { content: 'x' } }, [], false),
    ).toThrow(expect.objectContaining({ code: 10062 }));
    expect(() => registry.callback(id, token, { type: 7, data: {} }, [], false)).toThrow(
      expect.objectContaining({ code: 40060 }),
    );
    expect((await registry.answer(id)).content).toBe('hi');
  });

  it('times the acknowledgement from the dispatch of INTERACTION_CREATE to the callback', async () => {
    const { world, ctx } = setup();
    const registry = new InteractionRegistry(world);
    const before = performance.timeOrigin + performance.now();
    const { id, token } = registry.start({ ctx, type: 2, data: { id: '1', name: 'queue', type: 1 } });
    const { dispatchedAt } = registry.describeNow(id).timing;
    expect(dispatchedAt).toBeGreaterThanOrEqual(before);
    expect(registry.describeNow(id).timing.acknowledgedAt).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 30));
    registry.callback(id, token, { type: 4, data: { content: 'hi' } }, [], false);
    const { timing } = await registry.answer(id);
    expect(timing.dispatchedAt).toBe(dispatchedAt);
    // Timers may fire a millisecond early; 25 ms leaves room for that and nothing else.
    expect(timing.acknowledgedAt! - dispatchedAt).toBeGreaterThanOrEqual(25);
    expect(timing.acknowledgedAt!).toBeLessThanOrEqual(performance.timeOrigin + performance.now());
  });

  it('refuses a callback after the acknowledgement window and reports the bot as not answering', async () => {
    const { world, ctx } = setup({ interactionAckMs: 20 });
    const registry = new InteractionRegistry(world);
    const { id, token } = registry.start({ ctx, type: 2, data: { id: '1', name: 'queue', type: 1 } });
    await expect(registry.answer(id, { ackTimeoutMs: 40 })).rejects.toBeInstanceOf(InteractionNotAnswered);
    expect(() => registry.callback(id, token, { type: 4, data: { content: 'late' } }, [], false)).toThrow(
      expect.objectContaining({ code: 10062 }),
    );
  });

  it('fills the "thinking" message with the first follow-up after a defer', async () => {
    const { world, app, ctx } = setup();
    const registry = new InteractionRegistry(world);
    const { id, token } = registry.start({ ctx, type: 2, data: { id: '1', name: 'queue', type: 1 } });
    registry.callback(id, token, { type: 5, data: { flags: 64 } }, [], false);
    const pending = registry.answer(id);
    const original = registry.followUp(app.id, token, { content: 'done' }, []);
    const answer = await pending;
    expect(answer).toMatchObject({ deferred: true, ephemeral: true, content: 'done', followUps: [] });
    expect(original.id).toBe(answer.messageId);
    registry.followUp(app.id, token, { content: 'more' }, []);
    expect(registry.describeNow(id).followUps).toHaveLength(1);
  });
});
