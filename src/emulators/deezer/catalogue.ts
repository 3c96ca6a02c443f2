/** What the Deezer emulator knows, and how it renders in api.deezer.com's shapes. */
export interface DeezerArtistSeed {
  id: number;
  name: string;
}

export interface DeezerTrackSeed {
  id: number;
  title: string;
  artist: DeezerArtistSeed;
  /** Seconds, as Deezer gives durations. */
  duration: number;
  isrc: string;
  albumId: number;
}

export interface DeezerAlbumSeed {
  id: number;
  title: string;
  artist: DeezerArtistSeed;
  coverMd5: string;
  trackIds: number[];
}

export interface DeezerPlaylistSeed {
  id: number;
  title: string;
  creator: string;
  pictureMd5: string;
  trackIds: number[];
}

export interface DeezerCatalogue {
  tracks: DeezerTrackSeed[];
  albums: DeezerAlbumSeed[];
  playlists: DeezerPlaylistSeed[];
}

const rick = { id: 1367, name: 'Rick Astley' };
const aha = { id: 1034, name: 'a-ha' };

export const DEFAULT_DEEZER_CATALOGUE: DeezerCatalogue = {
  tracks: [
    {
      id: 781592622,
      title: 'Never Gonna Give You Up',
      artist: rick,
      duration: 213,
      isrc: 'GBARL9300135',
      albumId: 114468642,
    },
    {
      id: 781592632,
      title: 'Together Forever',
      artist: rick,
      duration: 205,
      isrc: 'GBARL8700023',
      albumId: 114468642,
    },
    { id: 664107, title: 'Take On Me', artist: aha, duration: 225, isrc: 'USWB19901574', albumId: 72000 },
  ],
  albums: [
    {
      id: 114468642,
      title: 'Whenever You Need Somebody',
      artist: rick,
      coverMd5: 'fe779e632872f7c6e9f1c84ddd8ff0fb',
      trackIds: [781592622, 781592632],
    },
    {
      id: 72000,
      title: 'Hunting High and Low',
      artist: aha,
      coverMd5: '2e018122cb56986277102d2041a592c8',
      trackIds: [664107],
    },
  ],
  playlists: [
    {
      id: 908622995,
      title: 'Eighties Hits',
      creator: 'Deezer Editor',
      pictureMd5: '5f7e0ae1ed1ee8ae0adbdcb3bd8b4a8e',
      trackIds: [781592632, 664107, 781592622],
    },
  ],
};

const IMAGES = 'https://e-cdns-images.dzcdn.net/images';

export class DeezerRenderer {
  readonly #c: DeezerCatalogue;
  readonly #api: string;

  constructor(catalogue: DeezerCatalogue, apiBase: string) {
    this.#c = catalogue;
    this.#api = apiBase;
  }

  track(id: number) {
    return this.#c.tracks.find((t) => t.id === id) ?? null;
  }
  album(id: number) {
    return this.#c.albums.find((a) => a.id === id) ?? null;
  }
  playlist(id: number) {
    return this.#c.playlists.find((p) => p.id === id) ?? null;
  }

  #artist(artist: DeezerArtistSeed) {
    const picture = (size: number) => `${IMAGES}/artist/${artist.id}/${size}x${size}-000000-80-0-0.jpg`;
    return {
      id: artist.id,
      name: artist.name,
      link: `https://www.deezer.com/artist/${artist.id}`,
      picture: `${this.#api}/artist/${artist.id}/image`,
      picture_small: picture(56),
      picture_medium: picture(250),
      picture_big: picture(500),
      picture_xl: picture(1000),
      tracklist: `${this.#api}/artist/${artist.id}/top?limit=50`,
      type: 'artist',
    };
  }

  /** Deezer's image fields: `cover` (or `picture`) redirects to the image, the sized ones are CDN URLs. */
  #images(field: 'cover' | 'picture', md5: string, selfPath: string) {
    const kind = field === 'cover' ? 'cover' : 'playlist';
    const at = (size: number) => `${IMAGES}/${kind}/${md5}/${size}x${size}-000000-80-0-0.jpg`;
    return {
      [field]: `${this.#api}${selfPath}/image`,
      [`${field}_small`]: at(56),
      [`${field}_medium`]: at(250),
      [`${field}_big`]: at(500),
      [`${field}_xl`]: at(1000),
    };
  }

  #albumRef(album: DeezerAlbumSeed) {
    return {
      id: album.id,
      title: album.title,
      ...this.#images('cover', album.coverMd5, `/album/${album.id}`),
      md5_image: album.coverMd5,
      tracklist: `${this.#api}/album/${album.id}/tracks`,
      type: 'album',
    };
  }

  /** A track in a list (album or playlist tracks): no isrc in playlists, as on Deezer. */
  listedTrack(track: DeezerTrackSeed, withIsrc: boolean) {
    const album = this.album(track.albumId);
    return {
      id: track.id,
      readable: true,
      title: track.title,
      title_short: track.title,
      title_version: '',
      ...(withIsrc ? { isrc: track.isrc } : {}),
      link: `https://www.deezer.com/track/${track.id}`,
      duration: track.duration,
      rank: 800000,
      explicit_lyrics: false,
      explicit_content_lyrics: 0,
      explicit_content_cover: 0,
      preview: `https://cdns-preview-e.dzcdn.net/stream/c-${track.id}-3.mp3`,
      md5_image: album?.coverMd5 ?? '',
      artist: this.#artist(track.artist),
      ...(album ? { album: this.#albumRef(album) } : {}),
      type: 'track',
    };
  }

  /** GET /track/{id}. */
  fullTrack(track: DeezerTrackSeed) {
    const album = this.album(track.albumId);
    return {
      ...this.listedTrack(track, true),
      share: `https://www.deezer.com/track/${track.id}?utm_source=deezer`,
      track_position: album ? album.trackIds.indexOf(track.id) + 1 : 1,
      disk_number: 1,
      release_date: '1987-11-12',
      bpm: 113.4,
      gain: -9.1,
      available_countries: ['DE', 'FR', 'GB', 'US'],
      contributors: [{ ...this.#artist(track.artist), role: 'Main' }],
    };
  }

  /** A Deezer list page: `data`, `total`, and absolute `next`/`prev` when there are more. */
  page<T>(path: string, all: T[], index: number, limit: number) {
    const link = (at: number) => `${this.#api}${path}?limit=${limit}&index=${at}`;
    return {
      data: all.slice(index, index + limit),
      total: all.length,
      ...(index > 0 ? { prev: link(Math.max(0, index - limit)) } : {}),
      ...(index + limit < all.length ? { next: link(index + limit) } : {}),
    };
  }

  albumTracks(album: DeezerAlbumSeed) {
    return album.trackIds.flatMap((id) => {
      const t = this.track(id);
      return t ? [this.listedTrack(t, true)] : [];
    });
  }

  playlistTracks(playlist: DeezerPlaylistSeed) {
    return playlist.trackIds.flatMap((id) => {
      const t = this.track(id);
      return t ? [{ ...this.listedTrack(t, false), time_add: 1_700_000_000 }] : [];
    });
  }

  fullAlbum(album: DeezerAlbumSeed) {
    return {
      id: album.id,
      title: album.title,
      upc: '886443546264',
      link: `https://www.deezer.com/album/${album.id}`,
      share: `https://www.deezer.com/album/${album.id}?utm_source=deezer`,
      ...this.#images('cover', album.coverMd5, `/album/${album.id}`),
      md5_image: album.coverMd5,
      genre_id: 132,
      label: 'RCA Records Label',
      nb_tracks: album.trackIds.length,
      duration: album.trackIds.reduce((sum, id) => sum + (this.track(id)?.duration ?? 0), 0),
      fans: 12345,
      release_date: '1987-11-12',
      record_type: 'album',
      available: true,
      tracklist: `${this.#api}/album/${album.id}/tracks`,
      explicit_lyrics: false,
      artist: this.#artist(album.artist),
      type: 'album',
      tracks: { data: this.albumTracks(album).map(({ isrc: _isrc, ...rest }) => rest) },
    };
  }

  /** GET /playlist/{id}: the first 25 tracks embedded, the rest through /tracks. */
  fullPlaylist(playlist: DeezerPlaylistSeed) {
    const tracks = this.playlistTracks(playlist);
    return {
      id: playlist.id,
      title: playlist.title,
      description: '',
      duration: playlist.trackIds.reduce((sum, id) => sum + (this.track(id)?.duration ?? 0), 0),
      public: true,
      is_loved_track: false,
      collaborative: false,
      nb_tracks: tracks.length,
      fans: 4200,
      link: `https://www.deezer.com/playlist/${playlist.id}`,
      share: `https://www.deezer.com/playlist/${playlist.id}?utm_source=deezer`,
      ...this.#images('picture', playlist.pictureMd5, `/playlist/${playlist.id}`),
      checksum: 'c2b8a7f0e3d1',
      tracklist: `${this.#api}/playlist/${playlist.id}/tracks`,
      creation_date: '2015-01-01 00:00:00',
      md5_image: playlist.pictureMd5,
      picture_type: 'playlist',
      creator: { id: 2529, name: playlist.creator, tracklist: `${this.#api}/user/2529/flow`, type: 'user' },
      type: 'playlist',
      tracks: { data: tracks.slice(0, 25), checksum: 'c2b8a7f0e3d1' },
    };
  }
}
