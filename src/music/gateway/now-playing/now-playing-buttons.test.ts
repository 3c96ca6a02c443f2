import { describe, expect, it } from 'vitest';
import type { QueueSnapshot } from '../../index.ts';
import { buttonOperation, nextLoopMode } from './now-playing-buttons.ts';

const aSnapshot = (overrides: Partial<QueueSnapshot> = {}): QueueSnapshot => ({
  guildId: '300000000000000001',
  voiceChannelId: '500000000000000001',
  textChannelId: null,
  current: null,
  positionMs: 0,
  upcoming: [],
  history: [],
  paused: false,
  loop: 'off',
  volume: 80,
  filterPreset: null,
  autoplay: false,
  ...overrides,
});

describe('now-playing buttons', () => {
  it('cycles the loop mode off → track → queue → off', () => {
    expect(nextLoopMode('off')).toBe('track');
    expect(nextLoopMode('track')).toBe('queue');
    expect(nextLoopMode('queue')).toBe('off');
    expect(buttonOperation('loop', aSnapshot({ loop: 'track' }))).toEqual({ type: 'loop', mode: 'queue' });
  });

  it('pauses a playing player and resumes a paused one', () => {
    expect(buttonOperation('toggle', aSnapshot({ paused: false }))).toEqual({ type: 'pause' });
    expect(buttonOperation('toggle', aSnapshot({ paused: true }))).toEqual({ type: 'resume' });
  });

  it('maps skip, stop and shuffle to their operations', () => {
    expect(buttonOperation('skip', aSnapshot())).toEqual({ type: 'skip' });
    expect(buttonOperation('stop', aSnapshot())).toEqual({ type: 'stop' });
    expect(buttonOperation('shuffle', aSnapshot())).toEqual({ type: 'shuffle' });
  });
});
