import { describe, expect, it } from 'vitest';
import type { LiveMusicService } from './live-music-service.ts';
import { PanelLyricsService } from './lyrics-service.ts';

describe('PanelLyricsService', () => {
  it('refuses with LYRICS_UNAVAILABLE when lyrics are off, without asking the gateway', async () => {
    const asked: string[] = [];
    const music = {
      snapshot: async (guildId: string) => void asked.push(guildId),
    } as unknown as LiveMusicService;
    const service = new PanelLyricsService(music, null, { warn: () => {} });
    await expect(service.current('300000000000000001')).rejects.toMatchObject({
      statusCode: 404,
      code: 'LYRICS_UNAVAILABLE',
      message: 'Lyrics are turned off on this bot.',
    });
    expect(asked).toEqual([]);
  });
});
