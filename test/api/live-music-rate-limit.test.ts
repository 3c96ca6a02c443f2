/**
 * A member adding tracks too fast, as the panel answers it: the gateway's MusicService refuses
 * with ADD_RATE_LIMITED (src/music/music-service.test.ts shows when), and the panel passes it on
 * as 429 with Retry-After, in the one error shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.ts';
import { type FakeMusicGateway, startFakeMusicGateway } from './music-gateway-fake.ts';
import { type Browser, logIn, type PanelHarness, startPanel } from './support.ts';

describe.each(databaseKinds())('live music: adding too fast (%s)', (kind) => {
  let panel: PanelHarness;
  let owner: Browser;
  let gateway: FakeMusicGateway;
  let guildId: string;

  beforeAll(async () => {
    panel = await startPanel({ kind });
    const demo = panel.emulator.demo!;
    guildId = demo.guildId;
    owner = await logIn(panel, demo.ownerId);
    gateway = await startFakeMusicGateway(panel.observer, { [guildId]: ['alpha-440'] });
  });
  afterAll(async () => {
    await gateway?.stop();
    await panel?.close();
  });

  const add = (query: string) =>
    owner.request({
      method: 'POST',
      url: `/api/guilds/${guildId}/queue/operations`,
      payload: { type: 'add', query },
    });

  it('answers 429 ADD_RATE_LIMITED with Retry-After and the seconds to wait', async () => {
    gateway.refuseNext('ADD_RATE_LIMITED', { retryAfterSeconds: 3 });
    const response = await add('bravo-660');
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('3');
    expect(response.json()).toMatchObject({
      error: 'ADD_RATE_LIMITED',
      message: 'You are adding tracks too fast. Try again in 3 seconds.',
      details: { retryAfterSeconds: 3 },
    });
  });

  it('sends no Retry-After with other refusals, and adds again once the gateway allows it', async () => {
    gateway.refuseNext('QUEUE_FULL', { max: 1 });
    const full = await add('bravo-660');
    expect(full.statusCode).toBe(409);
    expect(full.headers['retry-after']).toBeUndefined();
    const added = await add('bravo-660');
    expect(added.statusCode).toBe(200);
    expect(added.headers['retry-after']).toBeUndefined();
  });

  it('documents 429 among the operation route’s answers', async () => {
    const document = (await panel.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const operation = document.paths['/api/guilds/{guildId}/queue/operations'].post;
    expect(Object.keys(operation.responses)).toContain('429');
    expect(operation.description).toContain('429 ADD_RATE_LIMITED');
  });
});
