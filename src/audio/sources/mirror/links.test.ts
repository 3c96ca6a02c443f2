import { describe, expect, it } from 'vitest';
import { parseMirrorLink } from './links.ts';

describe('parseMirrorLink', () => {
  it.each([
    ['https://open.spotify.com/track/4PTG3Z6ehGkBFwjybzWkR8?si=abc', 'track', '4PTG3Z6ehGkBFwjybzWkR8'],
    ['https://open.spotify.com/intl-de/track/4PTG3Z6ehGkBFwjybzWkR8', 'track', '4PTG3Z6ehGkBFwjybzWkR8'],
    ['https://open.spotify.com/intl-pt-BR/album/6N9PS4QXF1D0OWPk0Sxtb4', 'album', '6N9PS4QXF1D0OWPk0Sxtb4'],
    ['https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M', 'playlist', '37i9dQZF1DXcBWIGoYBM5M'],
    ['https://open.spotify.com/embed/track/4PTG3Z6ehGkBFwjybzWkR8', 'track', '4PTG3Z6ehGkBFwjybzWkR8'],
    [
      'https://open.spotify.com/user/spotify/playlist/37i9dQZF1DXcBWIGoYBM5M',
      'playlist',
      '37i9dQZF1DXcBWIGoYBM5M',
    ],
    ['spotify:track:4PTG3Z6ehGkBFwjybzWkR8', 'track', '4PTG3Z6ehGkBFwjybzWkR8'],
    ['spotify:album:6N9PS4QXF1D0OWPk0Sxtb4', 'album', '6N9PS4QXF1D0OWPk0Sxtb4'],
    ['spotify:user:someone:playlist:37i9dQZF1DXcBWIGoYBM5M', 'playlist', '37i9dQZF1DXcBWIGoYBM5M'],
  ])('reads the Spotify link %s', (link, kind, id) => {
    expect(parseMirrorLink(link)).toEqual({ service: 'spotify', kind, id });
  });

  it.each([
    ['https://www.deezer.com/track/781592622', 'track', '781592622'],
    ['https://www.deezer.com/en/album/114468642', 'album', '114468642'],
    ['https://deezer.com/us/playlist/908622995?utm_source=x', 'playlist', '908622995'],
  ])('reads the Deezer link %s', (link, kind, id) => {
    expect(parseMirrorLink(link)).toEqual({ service: 'deezer', kind, id });
  });

  it('keeps Deezer short links to be followed', () => {
    expect(parseMirrorLink('https://link.deezer.com/s/30nGvUcBbP1YRz3tq3FNJ')).toMatchObject({
      service: 'deezer',
      kind: 'short',
    });
  });

  it.each([
    ['https://music.apple.com/us/song/never-gonna-give-you-up/1559523357', 'track', '1559523357', 'us'],
    ['https://music.apple.com/gb/song/1559523357', 'track', '1559523357', 'gb'],
    [
      'https://music.apple.com/us/album/whenever-you-need-somebody/1559523334?i=1559523357',
      'track',
      '1559523357',
      'us',
    ],
    ['https://music.apple.com/de/album/whenever-you-need-somebody/1559523334', 'album', '1559523334', 'de'],
    [
      'https://music.apple.com/us/playlist/80s-hits-essentials/pl.2b0e6e332fdf4b7a91164da3162127b5',
      'playlist',
      'pl.2b0e6e332fdf4b7a91164da3162127b5',
      'us',
    ],
    ['https://itunes.apple.com/us/album/whenever/id1559523334', 'album', '1559523334', 'us'],
  ])('reads the Apple Music link %s', (link, kind, id, storefront) => {
    expect(parseMirrorLink(link)).toEqual({ service: 'applemusic', kind, id, storefront });
  });

  it.each([
    'https://open.spotify.com/artist/0gxyHStUsqpMadRV0Di1Qt',
    'https://open.spotify.com/track/short',
    'https://open.spotify.com.evil.example/track/4PTG3Z6ehGkBFwjybzWkR8',
    'https://www.deezer.com/artist/1367',
    'https://www.deezer.com/track/abc',
    'https://music.apple.com/us/artist/rick-astley/669771',
    'https://music.apple.com/us/playlist/x/not-a-playlist-id',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'spotify:episode:4PTG3Z6ehGkBFwjybzWkR8',
    'never gonna give you up',
  ])('leaves %s to the other sources', (identifier) => {
    expect(parseMirrorLink(identifier)).toBeNull();
  });
});
