/** What the Apple Music emulator knows, rendered as the Apple Music API and the iTunes lookup API do. */
export interface AppleSongSeed {
  id: string;
  name: string;
  artistName: string;
  durationMs: number;
  isrc: string;
  albumId: string;
}

export interface AppleAlbumSeed {
  id: string;
  name: string;
  artistName: string;
  artworkPath: string;
  songIds: string[];
}

export interface ApplePlaylistSeed {
  id: string;
  name: string;
  curatorName: string;
  artworkPath: string;
  songIds: string[];
}

export interface AppleCatalogue {
  songs: AppleSongSeed[];
  albums: AppleAlbumSeed[];
  playlists: ApplePlaylistSeed[];
}

export const DEFAULT_APPLE_CATALOGUE: AppleCatalogue = {
  songs: [
    {
      id: '1559523357',
      name: 'Never Gonna Give You Up',
      artistName: 'Rick Astley',
      durationMs: 214_107,
      isrc: 'GBARL9300135',
      albumId: '1559523334',
    },
    {
      id: '1559523359',
      name: 'Together Forever',
      artistName: 'Rick Astley',
      durationMs: 205_467,
      isrc: 'GBARL8700023',
      albumId: '1559523334',
    },
    {
      id: '1035048414',
      name: 'Take On Me',
      artistName: 'a-ha',
      durationMs: 225_280,
      isrc: 'USWB19901574',
      albumId: '1035047659',
    },
  ],
  albums: [
    {
      id: '1559523334',
      name: 'Whenever You Need Somebody (2022 Remaster)',
      artistName: 'Rick Astley',
      artworkPath: 'Music115/v4/a6/6e/bf/a66ebf79/886443546264',
      songIds: ['1559523357', '1559523359'],
    },
    {
      id: '1035047659',
      name: 'Hunting High and Low',
      artistName: 'a-ha',
      artworkPath: 'Music125/v4/7d/4d/58/7d4d5894/093624924203',
      songIds: ['1035048414'],
    },
  ],
  playlists: [
    {
      id: 'pl.2b0e6e332fdf4b7a91164da3162127b5',
      name: '80s Hits Essentials',
      curatorName: 'Apple Music 80s',
      artworkPath: 'Features125/v4/1a/2b/3c/1a2b3c4d/U0MtTVMtV1ctODBzLUhpdHMtRXNzZW50aWFscy',
      songIds: ['1035048414', '1559523357'],
    },
  ],
};

const ART = 'https://is1-ssl.mzstatic.com/image/thumb';

export class AppleRenderer {
  readonly #c: AppleCatalogue;

  constructor(catalogue: AppleCatalogue) {
    this.#c = catalogue;
  }

  song(id: string) {
    return this.#c.songs.find((s) => s.id === id) ?? null;
  }
  album(id: string) {
    return this.#c.albums.find((a) => a.id === id) ?? null;
  }
  playlist(id: string) {
    return this.#c.playlists.find((p) => p.id === id) ?? null;
  }

  #artwork(path: string) {
    return {
      width: 3000,
      height: 3000,
      url: `${ART}/${path}.jpg/{w}x{h}bb.jpg`,
      bgColor: '101010',
      textColor1: 'ffffff',
      textColor2: 'e6e6e6',
      textColor3: 'cfcfcf',
      textColor4: 'b8b8b8',
    };
  }

  /** A song resource of the Apple Music API. */
  songResource(song: AppleSongSeed, storefront: string) {
    const album = this.album(song.albumId);
    return {
      id: song.id,
      type: 'songs',
      href: `/v1/catalog/${storefront}/songs/${song.id}`,
      attributes: {
        albumName: album?.name ?? '',
        artistName: song.artistName,
        artwork: this.#artwork(album?.artworkPath ?? 'none'),
        discNumber: 1,
        durationInMillis: song.durationMs,
        genreNames: ['Pop', 'Music'],
        hasLyrics: true,
        isrc: song.isrc,
        name: song.name,
        playParams: { id: song.id, kind: 'song' },
        previews: [{ url: `https://audio-ssl.itunes.apple.com/itunes-assets/AudioPreview/${song.id}.m4a` }],
        releaseDate: '1987-11-12',
        trackNumber: album ? album.songIds.indexOf(song.id) + 1 : 1,
        url: `https://music.apple.com/${storefront}/album/${album?.id ?? song.albumId}?i=${song.id}`,
      },
    };
  }

  songsOf(ids: string[], storefront: string) {
    return ids.flatMap((id) => {
      const s = this.song(id);
      return s ? [this.songResource(s, storefront)] : [];
    });
  }

  /** A relationship or list page: `data`, and a relative `next` when more follow. */
  page<T>(path: string, all: T[], offset: number, limit: number) {
    return {
      href: path,
      ...(offset + limit < all.length ? { next: `${path}?offset=${offset + limit}` } : {}),
      data: all.slice(offset, offset + limit),
    };
  }

  albumResource(album: AppleAlbumSeed, storefront: string, pageSize: number) {
    const path = `/v1/catalog/${storefront}/albums/${album.id}`;
    return {
      id: album.id,
      type: 'albums',
      href: path,
      attributes: {
        artistName: album.artistName,
        artwork: this.#artwork(album.artworkPath),
        genreNames: ['Pop', 'Music'],
        isCompilation: false,
        isComplete: true,
        isSingle: false,
        name: album.name,
        playParams: { id: album.id, kind: 'album' },
        releaseDate: '1987-11-12',
        trackCount: album.songIds.length,
        url: `https://music.apple.com/${storefront}/album/${album.id}`,
      },
      relationships: {
        tracks: this.page(`${path}/tracks`, this.songsOf(album.songIds, storefront), 0, pageSize),
      },
    };
  }

  playlistResource(playlist: ApplePlaylistSeed, storefront: string, pageSize: number) {
    const path = `/v1/catalog/${storefront}/playlists/${playlist.id}`;
    return {
      id: playlist.id,
      type: 'playlists',
      href: path,
      attributes: {
        artwork: this.#artwork(playlist.artworkPath),
        curatorName: playlist.curatorName,
        isChart: false,
        lastModifiedDate: '2024-01-01T00:00:00Z',
        name: playlist.name,
        playParams: { id: playlist.id, kind: 'playlist' },
        playlistType: 'editorial',
        url: `https://music.apple.com/${storefront}/playlist/${playlist.id}`,
      },
      relationships: {
        tracks: this.page(`${path}/tracks`, this.songsOf(playlist.songIds, storefront), 0, pageSize),
      },
    };
  }

  /** An iTunes lookup result for a song (no ISRC: the lookup API has none). */
  lookupSong(song: AppleSongSeed, country: string) {
    const album = this.album(song.albumId);
    const art = `${ART}/${album?.artworkPath ?? 'none'}.jpg`;
    return {
      wrapperType: 'track',
      kind: 'song',
      artistId: 669771,
      collectionId: Number(song.albumId),
      trackId: Number(song.id),
      artistName: song.artistName,
      collectionName: album?.name ?? '',
      trackName: song.name,
      collectionCensoredName: album?.name ?? '',
      trackCensoredName: song.name,
      collectionViewUrl: `https://music.apple.com/${country}/album/${song.albumId}?uo=4`,
      trackViewUrl: `https://music.apple.com/${country}/album/${song.albumId}?i=${song.id}&uo=4`,
      previewUrl: `https://audio-ssl.itunes.apple.com/itunes-assets/AudioPreview/${song.id}.m4a`,
      artworkUrl30: `${art}/30x30bb.jpg`,
      artworkUrl60: `${art}/60x60bb.jpg`,
      artworkUrl100: `${art}/100x100bb.jpg`,
      releaseDate: '1987-11-12T12:00:00Z',
      collectionExplicitness: 'notExplicit',
      trackExplicitness: 'notExplicit',
      discCount: 1,
      discNumber: 1,
      trackCount: album?.songIds.length ?? 1,
      trackNumber: album ? album.songIds.indexOf(song.id) + 1 : 1,
      trackTimeMillis: song.durationMs,
      country: country.toUpperCase() === 'US' ? 'USA' : country.toUpperCase(),
      currency: 'USD',
      primaryGenreName: 'Pop',
      isStreamable: true,
    };
  }

  lookupAlbum(album: AppleAlbumSeed, country: string) {
    return {
      wrapperType: 'collection',
      collectionType: 'Album',
      artistId: 669771,
      collectionId: Number(album.id),
      artistName: album.artistName,
      collectionName: album.name,
      collectionViewUrl: `https://music.apple.com/${country}/album/${album.id}?uo=4`,
      artworkUrl60: `${ART}/${album.artworkPath}.jpg/60x60bb.jpg`,
      artworkUrl100: `${ART}/${album.artworkPath}.jpg/100x100bb.jpg`,
      trackCount: album.songIds.length,
      country: 'USA',
      currency: 'USD',
      releaseDate: '1987-11-12T08:00:00Z',
      primaryGenreName: 'Pop',
    };
  }
}
