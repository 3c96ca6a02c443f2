import { afterEach, describe, expect, it } from 'vitest';
import { aQueueSnapshot } from '../../../test/support/music-snapshots.ts';
import { type Bus, BusCommandError, createBus, MemoryBusHub } from '../../bus/index.ts';
import { GATEWAY_ADDRESS } from '../../gateway/contract.ts';
import { silentLogger } from '../../logging/index.ts';
import { MUSIC_PLAYLIST_COMMAND } from '../../music/index.ts';
import type { PlaylistService } from '../index.ts';
import { PanelPlaylists } from './panel-playlists.ts';

const GUILD = '300000000000000001';
const USER = '100000000000000001';

describe('PanelPlaylists.play', () => {
  const buses: Bus[] = [];
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
  });

  async function gatewayAnswering(answer: (payload: unknown) => unknown) {
    const hub = new MemoryBusHub();
    const options = { logger: silentLogger(), commandTimeoutMs: 1_000, memoryHub: hub };
    const api = await createBus({ ...options, instanceId: 'api' });
    const gateway = await createBus({ ...options, instanceId: 'gateway' });
    buses.push(api, gateway);
    const received: unknown[] = [];
    await gateway.handle(GATEWAY_ADDRESS, MUSIC_PLAYLIST_COMMAND, async (payload) => {
      received.push(payload);
      return answer(payload);
    });
    const playlists = new PanelPlaylists({} as PlaylistService, api, 1_000);
    return { playlists, received };
  }

  it('asks the gateway as the user and answers its queue and outcome', async () => {
    const snapshot = aQueueSnapshot(GUILD, ['alpha-440', 'bravo-660']);
    const outcome = { kind: 'added', titles: ['bravo-660'], playlistName: 'Mix', position: 1 };
    const { playlists, received } = await gatewayAnswering(() => ({ snapshot, outcome }));
    await expect(playlists.play(GUILD, USER, 7, { next: true })).resolves.toEqual({ snapshot, outcome });
    expect(received).toEqual([{ guildId: GUILD, userId: USER, playlistId: 7, next: true }]);
  });

  it("turns the gateway's refusals into API errors with their statuses", async () => {
    const cases = [
      [new BusCommandError('PLAYLIST_NOT_FOUND', 'x', { name: '#7' }), 404, 'PLAYLIST_NOT_FOUND'],
      [new BusCommandError('PLAYLIST_EMPTY', 'x', { name: 'Mix' }), 409, 'PLAYLIST_EMPTY'],
      [new BusCommandError('QUEUE_FULL', 'x', { max: 3 }), 409, 'QUEUE_FULL'],
      [new BusCommandError('NOT_IN_VOICE', 'x'), 409, 'NOT_IN_VOICE'],
    ] as const;
    for (const [refusal, status, code] of cases) {
      const { playlists } = await gatewayAnswering(() => {
        throw refusal;
      });
      await expect(playlists.play(GUILD, USER, 7)).rejects.toMatchObject({ statusCode: status, code });
    }
  });

  it('treats a reply outside the contract as our fault, not the caller’s', async () => {
    const { playlists } = await gatewayAnswering(() => ({ snapshot: 'nope' }));
    await expect(playlists.play(GUILD, USER, 7)).rejects.toThrow(/breaks the bus contract/);
  });
});
