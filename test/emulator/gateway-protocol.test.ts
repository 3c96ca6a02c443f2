import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DiscordEmulator,
  Intent,
  PlaceholderVoiceServer,
  startDiscordEmulator,
} from '../../src/emulators/discord/index.ts';
import { RawGateway } from './raw-gateway.ts';

const GUILD_BASICS = Intent.GUILDS | Intent.GUILD_VOICE_STATES | Intent.GUILD_MESSAGES;

describe('gateway protocol (raw websocket)', () => {
  let emulator: DiscordEmulator;
  const open: RawGateway[] = [];
  const track = (gateway: RawGateway) => {
    open.push(gateway);
    return gateway;
  };

  beforeAll(async () => {
    emulator = await startDiscordEmulator({ demo: true });
  });

  afterAll(async () => {
    for (const gateway of open) gateway.terminate();
    await emulator?.close();
  });

  it('closes with Discord close codes on protocol errors', async () => {
    const badToken = track(await RawGateway.open(emulator.gatewayUrl));
    badToken.send(2, { token: 'nope.nope.nope', intents: 1, properties: {} });
    expect(await badToken.closed).toBe(4004);

    const etf = track(await RawGateway.open(emulator.gatewayUrl, '?v=10&encoding=etf'));
    expect(await etf.closed).toBe(4002);
    const compressed = track(
      await RawGateway.open(emulator.gatewayUrl, '?v=10&encoding=json&compress=zlib-stream'),
    );
    expect(await compressed.closed).toBe(4002);
    const oldVersion = track(await RawGateway.open(emulator.gatewayUrl, '?v=9&encoding=json'));
    expect(await oldVersion.closed).toBe(4012);

    const early = track(await RawGateway.open(emulator.gatewayUrl));
    early.send(8, { guild_id: emulator.demo!.guildId, query: '', limit: 0 });
    expect(await early.closed).toBe(4003);

    const garbage = track(await RawGateway.open(emulator.gatewayUrl));
    garbage.sendRaw('{not json');
    expect(await garbage.closed).toBe(4002);

    const badShard = track(await RawGateway.open(emulator.gatewayUrl));
    badShard.send(2, { token: emulator.token, intents: 1, properties: {}, shard: [2, 2] });
    expect(await badShard.closed).toBe(4010);

    const badIntents = track(await RawGateway.open(emulator.gatewayUrl));
    badIntents.send(2, { token: emulator.token, intents: 1 << 30, properties: {} });
    expect(await badIntents.closed).toBe(4013);

    const other = emulator.control.createApplication({ name: 'Unprivileged', flags: 0 });
    const disallowed = track(await RawGateway.open(emulator.gatewayUrl));
    disallowed.send(2, { token: other.token, intents: Intent.GUILDS | Intent.GUILD_MEMBERS, properties: {} });
    expect(await disallowed.closed).toBe(4014);
  });

  it('sends HELLO, acknowledges heartbeats, and READY lists guilds as unavailable before GUILD_CREATE', async () => {
    const gateway = track(await RawGateway.open(emulator.gatewayUrl));
    const hello = await gateway.next((p) => p.op === 10);
    expect(hello.d.heartbeat_interval).toBeGreaterThan(0);
    gateway.send(1, null);
    await gateway.next((p) => p.op === 11);
    gateway.send(2, { token: emulator.token, intents: GUILD_BASICS, properties: {} });
    const ready = await gateway.next((p) => p.t === 'READY');
    expect(ready.d).toMatchObject({
      v: 10,
      user: { id: emulator.applicationId, bot: true },
      guilds: [{ id: emulator.demo!.guildId, unavailable: true }],
      shard: [0, 1],
      application: { id: emulator.applicationId },
      resume_gateway_url: emulator.gatewayUrl,
    });
    const created = await gateway.next((p) => p.t === 'GUILD_CREATE');
    expect(created.d).toMatchObject({ id: emulator.demo!.guildId, unavailable: false, member_count: 5 });
    // Without GUILD_PRESENCES the member list holds only the bot (and users in voice), as on Discord.
    expect(created.d.members.map((m: { user: { id: string } }) => m.user.id)).toEqual([
      emulator.applicationId,
    ]);
    expect(created.d.channels.length).toBe(4);
    gateway.close();
  });

  it('honours GUILD_MEMBERS, GUILD_VOICE_STATES and MESSAGE_CONTENT', async () => {
    const demo = emulator.demo!;
    const { control } = emulator;
    const withMembers = track(
      await RawGateway.identify(
        emulator.gatewayUrl,
        emulator.token,
        GUILD_BASICS | Intent.GUILD_MEMBERS | Intent.MESSAGE_CONTENT,
      ),
    );
    const withoutMembers = track(
      await RawGateway.identify(emulator.gatewayUrl, emulator.token, Intent.GUILDS | Intent.GUILD_MESSAGES),
    );

    const user = control.createUser({ username: 'newcomer' });
    control.addMember({ guildId: demo.guildId, userId: String(user.id) });
    control.joinVoice({ channelId: demo.voiceChannelId, userId: demo.ownerId });
    const sent = control.sendMessage({
      channelId: demo.textChannelId,
      userId: demo.ownerId,
      content: 'secret words',
    });

    const added = await withMembers.next((p) => p.t === 'GUILD_MEMBER_ADD');
    expect(added.d).toMatchObject({ guild_id: demo.guildId, user: { id: user.id } });
    const voice = await withMembers.next((p) => p.t === 'VOICE_STATE_UPDATE');
    expect(voice.d).toMatchObject({
      user_id: demo.ownerId,
      channel_id: demo.voiceChannelId,
      member: { user: { id: demo.ownerId } },
    });
    const full = await withMembers.next((p) => p.t === 'MESSAGE_CREATE' && p.d.id === sent.id);
    expect(full.d.content).toBe('secret words');

    // The marker: the second session receives the message, so everything before it was considered too.
    const blank = await withoutMembers.next((p) => p.t === 'MESSAGE_CREATE' && p.d.id === sent.id);
    expect(blank.d.content).toBe('');
    expect(withoutMembers.dispatches('GUILD_MEMBER_ADD')).toEqual([]);
    expect(withoutMembers.dispatches('VOICE_STATE_UPDATE')).toEqual([]);
    control.leaveVoice({ guildId: demo.guildId, userId: demo.ownerId });
  });

  it('answers op 4 with VOICE_STATE_UPDATE and VOICE_SERVER_UPDATE, and leaves on channel_id null', async () => {
    const demo = emulator.demo!;
    const gateway = track(await RawGateway.identify(emulator.gatewayUrl, emulator.token, GUILD_BASICS));
    gateway.send(4, {
      guild_id: demo.guildId,
      channel_id: demo.voiceChannelId,
      self_mute: false,
      self_deaf: true,
    });
    const state = await gateway.next(
      (p) => p.t === 'VOICE_STATE_UPDATE' && p.d.user_id === emulator.applicationId,
    );
    expect(state.d).toMatchObject({
      channel_id: demo.voiceChannelId,
      session_id: gateway.ready.d.session_id,
      self_deaf: true,
    });
    const server = await gateway.next((p) => p.t === 'VOICE_SERVER_UPDATE');
    expect(server.d).toMatchObject({ guild_id: demo.guildId, endpoint: '127.0.0.1:1' });
    expect(server.d.token).toMatch(/^[0-9a-f]{16}$/);
    const placeholder = emulator.voice as PlaceholderVoiceServer;
    expect(placeholder).toBeInstanceOf(PlaceholderVoiceServer);
    expect(placeholder.allocations.get(`${demo.guildId}:${emulator.applicationId}`)).toMatchObject({
      channelId: demo.voiceChannelId,
      sessionId: gateway.ready.d.session_id,
      canSpeak: true,
    });

    gateway.send(4, { guild_id: demo.guildId, channel_id: null, self_mute: false, self_deaf: false });
    await gateway.next((p) => p.t === 'VOICE_STATE_UPDATE' && p.d.channel_id === null);
    expect(placeholder.allocations.size).toBe(0);
    expect(emulator.control.voiceStates({ guildId: demo.guildId })).toEqual([]);
  });

  it('drops the bot from voice when its gateway session ends', async () => {
    const demo = emulator.demo!;
    const gateway = track(await RawGateway.identify(emulator.gatewayUrl, emulator.token, GUILD_BASICS));
    gateway.send(4, {
      guild_id: demo.guildId,
      channel_id: demo.voiceChannelId,
      self_mute: false,
      self_deaf: false,
    });
    await gateway.next((p) => p.t === 'VOICE_SERVER_UPDATE');
    expect(emulator.control.voiceStates({ guildId: demo.guildId })).toHaveLength(1);
    gateway.close(1000);
    await gateway.closed;
    // The emulator handles the close on its side of the socket, a moment after ours.
    await expect
      .poll(() => emulator.control.voiceStates({ guildId: demo.guildId }), { timeout: 5_000 })
      .toEqual([]);
  });

  it('answers REQUEST_GUILD_MEMBERS with GUILD_MEMBERS_CHUNK', async () => {
    const demo = emulator.demo!;
    const gateway = track(
      await RawGateway.identify(emulator.gatewayUrl, emulator.token, Intent.GUILDS | Intent.GUILD_MEMBERS),
    );
    gateway.send(8, { guild_id: demo.guildId, query: '', limit: 0, nonce: 'all' });
    const chunk = await gateway.next((p) => p.t === 'GUILD_MEMBERS_CHUNK' && p.d.nonce === 'all');
    expect(chunk.d).toMatchObject({ guild_id: demo.guildId, chunk_index: 0, chunk_count: 1 });
    expect(chunk.d.members.length).toBe(emulator.control.guild({ guildId: demo.guildId }).members.length);
    gateway.send(8, { guild_id: demo.guildId, query: 'ali', limit: 10, nonce: 'search' });
    const search = await gateway.next((p) => p.t === 'GUILD_MEMBERS_CHUNK' && p.d.nonce === 'search');
    expect(search.d.members.map((m: { user: { username: string } }) => m.user.username)).toEqual(['alice']);
  });

  it('replays missed dispatches on RESUME and refuses to resume an invalidated session', async () => {
    const demo = emulator.demo!;
    const first = track(
      await RawGateway.identify(emulator.gatewayUrl, emulator.token, Intent.GUILDS | Intent.GUILD_MEMBERS),
    );
    const sessionId = first.ready.d.session_id as string;
    await first.next((p) => p.t === 'GUILD_CREATE');
    const seq = Math.max(...first.received.map((p) => p.s ?? 0));
    first.close(4000);
    await first.closed;

    const user = emulator.control.createUser({ username: 'missed' });
    emulator.control.addMember({ guildId: demo.guildId, userId: String(user.id) });

    const second = track(await RawGateway.open(emulator.gatewayUrl));
    second.send(6, { token: emulator.token, session_id: sessionId, seq });
    const replayed = await second.next((p) => p.t === 'GUILD_MEMBER_ADD');
    expect(replayed.d.user.id).toBe(user.id);
    expect(replayed.s).toBe(seq + 1);
    const resumed = await second.next((p) => p.t === 'RESUMED');
    expect(resumed.s).toBe(seq + 2);

    expect(emulator.control.invalidateSession({ sessionId, resumable: false }).count).toBe(1);
    const invalid = await second.next((p) => p.op === 9);
    expect(invalid.d).toBe(false);
    const third = track(await RawGateway.open(emulator.gatewayUrl));
    third.send(6, { token: emulator.token, session_id: sessionId, seq: resumed.s });
    expect((await third.next((p) => p.op === 9)).d).toBe(false);
  });
});
