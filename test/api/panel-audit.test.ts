/**
 * The panel's player actions in the audit log (#14 item 9): each operation the panel sends is
 * recorded as `music.<type>` under the logged-in user (with their name, the request id and, for a
 * summon, the channel), and `voiceChannelId` reaches the gateway as the summon target. The
 * gateway is the bus contract's fake (test/api/music-gateway-fake.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.ts';
import { type FakeMusicGateway, startFakeMusicGateway } from './music-gateway-fake.ts';
import { type Browser, logIn, type PanelHarness, startPanel } from './support.ts';

describe.each(databaseKinds())('panel actions in the audit log (%s)', (kind) => {
  let panel: PanelHarness;
  let owner: Browser;
  let gateway: FakeMusicGateway;
  let guildId: string;
  let voiceChannelId: string;

  beforeAll(async () => {
    panel = await startPanel({ kind });
    const demo = panel.emulator.demo!;
    guildId = demo.guildId;
    voiceChannelId = demo.voiceChannelId;
    owner = await logIn(panel, demo.ownerId);
    gateway = await startFakeMusicGateway(panel.observer, { [guildId]: ['alpha-440', 'bravo-660'] });
  });
  afterAll(async () => {
    await panel?.close();
  });

  const operate = (operation: object, query = '') =>
    owner.request({
      method: 'POST',
      url: `/api/guilds/${guildId}/queue/operations${query}`,
      payload: operation,
    });
  const audit = async (query = '') =>
    (await owner.request({ method: 'GET', url: `/api/guilds/${guildId}/audit${query}` })).json().entries as {
      action: string;
      actorId: string;
      actorName: string | null;
      target: string | null;
      changes: Record<string, unknown>;
      requestId: string | null;
    }[];

  it('passes the chosen voice channel to the gateway as the summon target', async () => {
    const response = await operate({ type: 'join' }, `?voiceChannelId=${voiceChannelId}`);
    expect(response.statusCode).toBe(200);
    expect(gateway.requests.at(-1)).toEqual({
      guildId,
      userId: owner.userId,
      operation: { type: 'join' },
      voiceChannelId,
    });
    const bad = await operate({ type: 'join' }, '?voiceChannelId=general');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().details)).toContain('voiceChannelId');
  });

  it('records each operation under the caller, with their name and what it touched', async () => {
    expect((await operate({ type: 'volume', volume: 40 })).statusCode).toBe(200);
    expect((await operate({ type: 'skip' })).statusCode).toBe(200);
    expect((await operate({ type: 'clear' })).statusCode).toBe(200);
    const entries = await audit();
    expect(entries.map((entry) => entry.action)).toEqual([
      'music.clear',
      'music.skip',
      'music.volume',
      'music.join',
    ]);
    for (const entry of entries) {
      expect(entry.actorId).toBe(owner.userId);
      expect(entry.actorName).toBeTruthy();
      expect(entry.requestId).toBeTruthy();
    }
    expect(entries[1]?.changes).toEqual({ title: 'alpha-440' });
    expect(entries[2]?.changes).toEqual({ volume: 40 });
    expect(entries[3]).toMatchObject({ target: voiceChannelId, changes: { voiceChannelId } });
    expect((await audit('?action=music.skip')).map((entry) => entry.action)).toEqual(['music.skip']);
  });

  it('records nothing for a refused operation', async () => {
    gateway.refuseNext('NOTHING_PLAYING');
    expect((await operate({ type: 'skip' })).statusCode).toBe(409);
    expect((await audit('?action=music.skip')).length).toBe(1);
  });
});
