import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Bus, createBus, MemoryBusHub } from '../../bus/index.ts';
import { GATEWAY_ADDRESS } from '../../gateway/contract.ts';
import { silentLogger } from '../../logging/index.ts';
import { MUSIC_OPERATION_COMMAND, MUSIC_SNAPSHOT_COMMAND } from '../index.ts';
import { LiveMusicService } from './live-music-service.ts';

const GUILD = '300000000000000001';
const USER = '300000000000000009';

describe('LiveMusicService', () => {
  let api: Bus;
  let gateway: Bus;

  beforeEach(async () => {
    const hub = new MemoryBusHub();
    const options = { logger: silentLogger(), commandTimeoutMs: 1_000, memoryHub: hub };
    api = await createBus({ ...options, instanceId: 'api' });
    gateway = await createBus({ ...options, instanceId: 'gateway' });
  });
  afterEach(async () => {
    await api.close();
    await gateway.close();
  });

  it('answers 503 GATEWAY_UNAVAILABLE when the gateway does not reply in time', async () => {
    await gateway.handle(GATEWAY_ADDRESS, MUSIC_OPERATION_COMMAND, () => new Promise(() => {}));
    const music = new LiveMusicService(api, { snapshotMs: 50, operationMs: 50 });
    await expect(music.operate(GUILD, USER, { type: 'skip' })).rejects.toMatchObject({
      statusCode: 503,
      code: 'GATEWAY_UNAVAILABLE',
      details: { reason: 'TIMEOUT' },
    });
  });

  it('answers 503 GATEWAY_UNAVAILABLE when the bus is down', async () => {
    await api.close();
    const music = new LiveMusicService(api);
    await expect(music.snapshot(GUILD)).rejects.toMatchObject({
      statusCode: 503,
      details: { reason: 'BUS_UNAVAILABLE' },
    });
  });

  it('treats a reply that breaks the contract as its own failure (500), not the caller’s', async () => {
    await gateway.handle(GATEWAY_ADDRESS, MUSIC_SNAPSHOT_COMMAND, () => ({ guildId: GUILD, tracks: [] }));
    const music = new LiveMusicService(api);
    const failure = await music.snapshot(GUILD).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toHaveProperty('statusCode');
    expect((failure as Error).message).toMatch(/breaks the bus contract/);
  });
});
