import { describe, expect, it } from 'vitest';
import { hlsInfo, parseM3u, parsePls, playlistKind } from './playlist-files.ts';

const base = new URL('https://radio.example/lists/evening.m3u');

describe('parseM3u', () => {
  it('resolves relative entries, reads EXTINF as "Artist - Title" and the playlist name', () => {
    const text =
      '#EXTM3U\r\n#PLAYLIST:Evening\r\n#EXTINF:215,Nina Simone - Feeling Good\r\n../songs/feeling good.mp3\r\n#EXTINF:-1,Jazz FM\r\nhttp://stream.example/jazz\r\n';
    const parsed = parseM3u(text, base, 100);
    expect(parsed.name).toBe('Evening');
    expect(parsed.entries).toEqual([
      {
        url: new URL('https://radio.example/songs/feeling%20good.mp3'),
        title: 'Feeling Good',
        author: 'Nina Simone',
        durationSec: 215,
      },
      { url: new URL('http://stream.example/jazz'), title: 'Jazz FM', author: null, durationSec: null },
    ]);
  });

  it('drops entries that would make the node read local files or other protocols', () => {
    const text = 'file:///etc/passwd\n/etc/passwd\nftp://x.example/a.mp3\nhttps://ok.example/a.mp3\n';
    const urls = parseM3u(text, base, 100).entries.map((e) => e.url.href);
    // "/etc/passwd" is relative to the playlist's own https origin, never a local path.
    expect(urls).toEqual(['https://radio.example/etc/passwd', 'https://ok.example/a.mp3']);
  });

  it('stops at the entry limit', () => {
    const text = Array.from({ length: 150 }, (_, i) => `https://a.example/${i}.mp3`).join('\n');
    expect(parseM3u(text, base, 100).entries).toHaveLength(100);
  });
});

describe('parsePls', () => {
  it('orders entries by number, not by line, and treats Length=-1 as unknown', () => {
    const text =
      '[playlist]\nFile2=https://b.example/2.mp3\nTitle2=Second\nLength2=120\nFile1=https://a.example/live\nTitle1=Radio\nLength1=-1\nNumberOfEntries=2\n';
    expect(parsePls(text, base, 100).entries).toEqual([
      { url: new URL('https://a.example/live'), title: 'Radio', author: null, durationSec: null },
      { url: new URL('https://b.example/2.mp3'), title: 'Second', author: null, durationSec: 120 },
    ]);
  });
});

describe('playlistKind and hlsInfo', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('recognises playlists by content type, extension or first line', () => {
    expect(playlistKind(new URL('https://x/a'), 'audio/x-scpls', bytes(''))).toBe('pls');
    expect(playlistKind(new URL('https://x/a.PLS'), '', bytes(''))).toBe('pls');
    expect(playlistKind(new URL('https://x/a'), 'text/plain', bytes('  #EXTM3U\n'))).toBe('m3u');
    expect(playlistKind(new URL('https://x/a.mp3'), 'audio/mpeg', bytes('ID3'))).toBeNull();
  });

  it('tells HLS from a track list, live from finished', () => {
    expect(hlsInfo('#EXTM3U\nhttps://a/1.mp3\n')).toBeNull();
    expect(hlsInfo('#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\ns1.ts\n')).toEqual({
      live: true,
      durationSec: null,
    });
    expect(hlsInfo('#EXT-X-VERSION:3\n#EXTINF:6.5,\na.ts\n#EXTINF:4,\nb.ts\n#EXT-X-ENDLIST\n')).toEqual({
      live: false,
      durationSec: 10.5,
    });
  });
});
