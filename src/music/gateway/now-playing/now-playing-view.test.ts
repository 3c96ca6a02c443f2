import { describe, expect, it } from 'vitest';
import { aQueuedTrack } from '../../../../test/support/music-snapshots.ts';
import { translator } from '../../../i18n/index.ts';
import type { QueuedTrack, QueueSnapshot } from '../../index.ts';
import { nowPlayingView, progressBar } from './now-playing-view.ts';

const t = translator('en');

/** The Song by The Band, requested by a user unless `requesterId` is null. */
function aTrack(
  overrides: Partial<QueuedTrack['info']> = {},
  requesterId: string | null = '400000000000000001',
): QueuedTrack {
  return aQueuedTrack('The Song', {
    identifier: 'id-1',
    author: 'The Band',
    length: 200_000,
    uri: 'https://music.example/the-song',
    sourceName: 'http',
    ...overrides,
    requesterId,
  });
}

function aSnapshot(overrides: Partial<QueueSnapshot> = {}): QueueSnapshot {
  return {
    guildId: '300000000000000001',
    voiceChannelId: '500000000000000001',
    textChannelId: '500000000000000002',
    current: aTrack(),
    positionMs: 50_000,
    upcoming: [],
    history: [],
    paused: false,
    loop: 'off',
    volume: 80,
    filterPreset: null,
    autoplay: false,
    ...overrides,
  };
}

const text = (view: ReturnType<typeof nowPlayingView>) => JSON.stringify(view.message.embeds);
const customIds = (view: ReturnType<typeof nowPlayingView>) =>
  view.message.components.flatMap((row) => row.components.map((c) => ('custom_id' in c ? c.custom_id : '')));

describe('now-playing view', () => {
  it('draws the position on a bar', () => {
    expect(progressBar(0, 200_000, 10)).toBe('●─────────');
    expect(progressBar(100_000, 200_000, 10)).toBe('━━━━━●────');
    expect(progressBar(200_000, 200_000, 10)).toBe('━━━━━━━━━●');
    expect(progressBar(5_000, 0, 10)).toBe('●─────────');
  });

  it('shows the track, requester, progress, state, loop and volume with the controls', () => {
    const view = nowPlayingView(
      aSnapshot({ loop: 'queue', volume: 55, upcoming: [aTrack(), aTrack()] }),
      '#FF0000',
      t,
    );
    expect(view).toMatchObject({ active: true, live: true });
    const [embed] = view.message.embeds;
    expect(embed).toMatchObject({
      title: 'The Song',
      url: 'https://music.example/the-song',
      color: 0xff0000,
    });
    expect(embed?.description).toContain('by The Band');
    expect(embed?.description).toContain('<@400000000000000001>');
    expect(embed?.description).toContain('0:50 / 3:20');
    expect(embed?.fields?.map((field) => field.value)).toEqual(['▶ Playing', 'queue', '55%']);
    expect(embed?.footer?.text).toBe('2 more in the queue');
    expect(customIds(view)).toEqual(['np:toggle', 'np:skip', 'np:stop', 'np:loop', 'np:shuffle']);
  });

  it('says paused and stops ticking while paused', () => {
    const view = nowPlayingView(aSnapshot({ paused: true }), '#5865F2', t);
    expect(view).toMatchObject({ active: true, live: false });
    expect(text(view)).toContain('Paused');
  });

  it('credits autoplay for tracks nobody asked for, and does not tick streams', () => {
    const view = nowPlayingView(
      aSnapshot({ current: aTrack({ isStream: true, length: 0 }, null) }),
      '#5865F2',
      t,
    );
    expect(view.live).toBe(false);
    expect(text(view)).toContain('Picked by autoplay');
    expect(text(view)).toContain('live');
  });

  it('says the queue ended, without buttons', () => {
    const view = nowPlayingView(aSnapshot({ current: null }), '#5865F2', t);
    expect(view).toMatchObject({ active: false, live: false });
    expect(text(view)).toContain('The queue has ended.');
    expect(view.message.components).toEqual([]);
  });

  it('says the bot left, without buttons', () => {
    const view = nowPlayingView(aSnapshot({ voiceChannelId: null }), '#5865F2', t);
    expect(text(view)).toContain('I left the voice channel.');
    expect(view.message.components).toEqual([]);
  });
});
