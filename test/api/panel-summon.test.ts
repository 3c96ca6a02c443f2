/**
 * The panel summons the bot (#14 item 9): a manager picks a voice channel and the bot joins it,
 * plays there and comes back after a disconnect, with nobody in voice; every panel action on the
 * player lands in the audit log under the panel user. The real gateway, audio node and emulator
 * (one world for the file); the panel's side is the api's LiveMusicService on the same bus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/http/index.ts';
import { LiveMusicService } from '../../src/music/api/live-music-service.ts';
import { PanelPlaylists } from '../../src/playlists/api/panel-playlists.ts';
import { PlaylistService } from '../../src/playlists/index.ts';
import { GuildSettingsRepository } from '../../src/settings/index.ts';
import { eventually } from '../support/eventually.ts';
import { type MusicStack, startMusicStack } from './music-stack.ts';

const CONNECT = String(1n << 20n);

describe('the panel summons the bot', () => {
  let stack: MusicStack;
  let panel: LiveMusicService;
  let audit: GuildSettingsRepository;
  let botId: string;
  let stage: string;
  const auditFailures: unknown[] = [];

  beforeAll(async () => {
    stack = await startMusicStack('pglite');
    botId = stack.emulator.describe().botUserId as string;
    audit = new GuildSettingsRepository(stack.database.db);
    panel = new LiveMusicService(stack.bus, undefined, {
      trail: audit,
      logError: (error) => auditFailures.push(error),
    });
    stage = (
      stack.emulator.control.createChannel({
        guildId: stack.ids.guildId,
        name: 'Stage left',
        type: 'voice',
      }) as { id: string }
    ).id;
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  const botVoiceChannel = () =>
    (
      stack.emulator.control.voiceStates({ guildId: stack.ids.guildId }) as {
        user_id?: string;
        channel_id?: string | null;
      }[]
    ).find((state) => state.user_id === botId)?.channel_id ?? null;
  const owner = () => ({ userId: stack.ids.ownerId, requestId: 'req-summon' });
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error as ApiError,
    );

  it('tells the panel what plays without yt-dlp: links to files and the server’s own files', async () => {
    expect(await panel.playableSources()).toEqual({ sources: ['http', 'local'], nodesConnected: 1 });
  });

  it('joins the chosen channel for a manager who is in no voice channel', async () => {
    expect(stack.emulator.control.voiceStates({ guildId: stack.ids.guildId })).toEqual([]);
    const reply = await panel.operate(stack.ids.guildId, owner(), { type: 'join' }, stage);
    expect(reply.snapshot.voiceChannelId).toBe(stage);
    await eventually(() => expect(botVoiceChannel()).toBe(stage), 10_000, 100);
  });

  it('starts playback there from an add, and the voice server hears it', async () => {
    await panel.operate(
      stack.ids.guildId,
      owner(),
      { type: 'add', query: stack.file('alpha-440.ogg') },
      stage,
    );
    await eventually(() => expect(stack.heardMs()).toBeGreaterThan(500), 15_000, 100);
    expect((await stack.snapshot()).current?.info.title).toBe('alpha-440');
  });

  it('comes back after "Disconnect" and plays on from where it stopped', async () => {
    await panel.operate(stack.ids.guildId, owner(), { type: 'leave' });
    await eventually(() => expect(botVoiceChannel()).toBeNull(), 10_000, 100);
    const reply = await panel.operate(stack.ids.guildId, owner(), { type: 'join' }, stack.ids.voiceChannelId);
    expect(reply.snapshot.voiceChannelId).toBe(stack.ids.voiceChannelId);
    await eventually(() => expect(botVoiceChannel()).toBe(stack.ids.voiceChannelId), 10_000, 100);
    expect(reply.snapshot.current?.info.title).toBe('alpha-440');
  });

  it('refuses a channel the bot may not connect to, and one that is not a voice channel', async () => {
    const closed = stack.emulator.control.createChannel({
      guildId: stack.ids.guildId,
      name: 'Closed',
      type: 'voice',
      overwrites: [{ id: botId, type: 'member', deny: CONNECT }],
    }) as { id: string };
    await eventually(async () => {
      const error = await refusal(panel.operate(stack.ids.guildId, owner(), { type: 'join' }, closed.id));
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ statusCode: 409, code: 'CANNOT_JOIN' });
    });
    const text = await refusal(
      panel.operate(stack.ids.guildId, owner(), { type: 'join' }, stack.ids.textChannelId),
    );
    expect(text).toMatchObject({ statusCode: 409, code: 'CANNOT_JOIN' });
    expect(botVoiceChannel()).toBe(stack.ids.voiceChannelId);
  });

  it('refuses to summon for a member who does not manage the server', async () => {
    const error = await refusal(
      panel.operate(stack.ids.guildId, { userId: stack.ids.alice }, { type: 'join' }, stage),
    );
    expect(error).toMatchObject({ statusCode: 403, code: 'DJ_ONLY' });
  });

  it('audits every panel action with the panel user as actor', async () => {
    await panel.operate(stack.ids.guildId, owner(), { type: 'volume', volume: 80 });
    await panel.operate(stack.ids.guildId, owner(), { type: 'skip' });
    const entries = await audit.audit(stack.ids.guildId, { limit: 20 });
    const actions = entries.map((entry) => entry.action).reverse();
    expect(actions).toEqual([
      'music.join',
      'music.add',
      'music.leave',
      'music.join',
      'music.volume',
      'music.skip',
    ]);
    expect(new Set(entries.map((entry) => entry.actorId))).toEqual(new Set([stack.ids.ownerId]));
    expect(entries[0]).toMatchObject({
      action: 'music.skip',
      requestId: 'req-summon',
      changes: { title: 'alpha-440' },
    });
    expect(entries.find((entry) => entry.action === 'music.volume')?.changes).toEqual({ volume: 80 });
    expect(entries.at(-1)).toMatchObject({ target: stage, changes: { voiceChannelId: stage } });
    expect(auditFailures).toEqual([]);
  });

  it('queues a playlist after "Disconnect" by summoning the bot to the chosen channel', async () => {
    const playlists = new PlaylistService(stack.database);
    const saved = await playlists.saveQueue(stack.ids.ownerId, 'Panel summon', await stack.snapshot());
    await panel.operate(stack.ids.guildId, owner(), { type: 'leave' });
    await eventually(() => expect(botVoiceChannel()).toBeNull(), 10_000, 100);

    const panelPlaylists = new PanelPlaylists(playlists, stack.bus);
    const reply = await panelPlaylists.play(stack.ids.guildId, stack.ids.ownerId, saved.playlist.id, {
      voiceChannelId: stage,
    });

    expect(reply.snapshot.voiceChannelId).toBe(stage);
    await eventually(() => expect(botVoiceChannel()).toBe(stage), 10_000, 100);
    // Without a channel to summon to, a manager who is in no voice channel is refused as before.
    await panel.operate(stack.ids.guildId, owner(), { type: 'leave' });
    await eventually(() => expect(botVoiceChannel()).toBeNull(), 10_000, 100);
    const refused = await refusal(
      panelPlaylists.play(stack.ids.guildId, stack.ids.ownerId, saved.playlist.id),
    );
    expect(refused).toMatchObject({ code: 'NOT_IN_VOICE' });
  });
});
