/**
 * The panel's lyrics over HTTP: the current track from a gateway over the in-memory bus, its
 * lyrics from the LRCLIB emulator (LYRICS_LRCLIB_URL), as the api role asks LRCLIB directly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_LYRICS_CATALOGUE,
  type LrclibEmulator,
  startLrclibEmulator,
} from '../../src/emulators/lrclib/index.ts';
import { aQueuedTrack } from '../support/music-snapshots.ts';
import { type FakeMusicGateway, startFakeMusicGateway } from './music-gateway-fake.ts';
import { type Browser, logIn, type PanelHarness, startPanel } from './support.ts';

describe('lyrics API', () => {
  let lrclib: LrclibEmulator;
  let panel: PanelHarness;
  let owner: Browser;
  let gateway: FakeMusicGateway;
  let guildId: string;

  beforeAll(async () => {
    lrclib = await startLrclibEmulator({ catalogue: DEMO_LYRICS_CATALOGUE });
    panel = await startPanel({ kind: 'pglite', env: { LYRICS_LRCLIB_URL: lrclib.url } });
    guildId = panel.emulator.demo!.guildId;
    owner = await logIn(panel, panel.emulator.demo!.ownerId);
    gateway = await startFakeMusicGateway(panel.observer, { [guildId]: ['placeholder'] });
  });
  afterAll(async () => {
    await panel?.close();
    await lrclib?.close();
  });

  const playing = (title: string, author: string, length: number) => {
    gateway.queue(guildId).current = aQueuedTrack(title, { author, length });
  };
  const lyrics = () => owner.request({ method: 'GET', url: `/api/guilds/${guildId}/lyrics` });

  it('answers synced lines with their times in ms, the plain text and the source', async () => {
    playing('Paper Lanterns (Official Video)', 'The Quiet Harbour', 212_000);
    const response = await lyrics();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      track: { title: 'Paper Lanterns (Official Video)', author: 'The Quiet Harbour', lengthMs: 212_000 },
      instrumental: false,
      synced: [
        { timeMs: 5_200, text: 'We hung our paper lanterns' },
        { timeMs: 9_800, text: 'Along the harbour wall' },
        { timeMs: 14_350, text: 'And every one was burning' },
        { timeMs: 18_900, text: 'And none of them would fall' },
        { timeMs: 24_000, text: '' },
      ],
      plain:
        'We hung our paper lanterns\nAlong the harbour wall\nAnd every one was burning\nAnd none of them would fall',
      source: 'LRCLIB',
      url: null,
    });
  });

  it('answers plain lyrics without lines, and an instrumental as such', async () => {
    playing('Salt & Pepper', 'Café Nuit', 175_000);
    expect((await lyrics()).json()).toMatchObject({
      synced: null,
      plain: expect.stringMatching(/^A little salt/),
    });
    playing('Glass Orchard', 'Vela - Topic', 241_000);
    expect((await lyrics()).json()).toMatchObject({ instrumental: true, synced: null, plain: '' });
  });

  it('answers 404 LYRICS_NOT_FOUND when LRCLIB has nothing, and 409 when nothing plays', async () => {
    playing('Unheard Of', 'Nobody', 120_000);
    const missing = await lyrics();
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({
      error: 'LYRICS_NOT_FOUND',
      message: 'LRCLIB has no lyrics for “Unheard Of”.',
      details: { title: 'Unheard Of', source: 'LRCLIB' },
    });
    gateway.queue(guildId).current = null;
    const idle = await lyrics();
    expect(idle.statusCode).toBe(409);
    expect(idle.json()).toMatchObject({ error: 'NOTHING_PLAYING' });
  });

  it('answers 502 LYRICS_PROVIDER_FAILED when LRCLIB can’t be reached', async () => {
    playing('Northbound', 'Mira Solen', 185_000);
    await lrclib.close();
    const response = await lyrics();
    expect(response.statusCode).toBe(502);
    expect(response.json()).toMatchObject({
      error: 'LYRICS_PROVIDER_FAILED',
      message: 'LRCLIB did not answer; try again later.',
    });
  });
});
