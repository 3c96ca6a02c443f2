/**
 * What the Spotify emulator knows: tracks, albums and playlists by id, and how each renders in
 * the Web API's shapes (full track, simplified track, album, playlist track). Seeded with a small
 * catalogue the tests name; a test may pass its own.
 */
export interface SpotifyArtistSeed {
  id: string;
  name: string;
}

export interface SpotifyTrackSeed {
  id: string;
  name: string;
  artists: SpotifyArtistSeed[];
  durationMs: number;
  isrc: string;
  albumId: string;
}

export interface SpotifyAlbumSeed {
  id: string;
  name: string;
  artists: SpotifyArtistSeed[];
  imageUrl: string;
  releaseDate: string;
  trackIds: string[];
}

export interface SpotifyPlaylistSeed {
  id: string;
  name: string;
  ownerName: string;
  imageUrl: string;
  trackIds: string[];
}

export interface SpotifyCatalogue {
  tracks: SpotifyTrackSeed[];
  albums: SpotifyAlbumSeed[];
  playlists: SpotifyPlaylistSeed[];
}

const rick = { id: '0gxyHStUsqpMadRV0Di1Qt', name: 'Rick Astley' };
const aha = { id: '2jzc5TC5TVFLXQlBNiIUzE', name: 'a-ha' };

/** The catalogue the tests use (ids and ISRCs shaped like the real ones). */
export const DEFAULT_SPOTIFY_CATALOGUE: SpotifyCatalogue = {
  tracks: [
    {
      id: '4PTG3Z6ehGkBFwjybzWkR8',
      name: 'Never Gonna Give You Up',
      artists: [rick],
      durationMs: 213_573,
      isrc: 'GBARL9300135',
      albumId: '6N9PS4QXF1D0OWPk0Sxtb4',
    },
    {
      id: '5Y9HrSvMlGvxw8IGVhcfMo',
      name: 'Together Forever',
      artists: [rick],
      durationMs: 205_360,
      isrc: 'GBARL8700023',
      albumId: '6N9PS4QXF1D0OWPk0Sxtb4',
    },
    {
      id: '2WfaOiMkCvy7F5fcp2zZ8L',
      name: 'Take On Me',
      artists: [aha],
      durationMs: 225_280,
      isrc: 'USWB19901574',
      albumId: '1ER3B6zev5JEAaqhnyyfbf',
    },
  ],
  albums: [
    {
      id: '6N9PS4QXF1D0OWPk0Sxtb4',
      name: 'Whenever You Need Somebody',
      artists: [rick],
      imageUrl: 'https://i.scdn.co/image/ab67616d0000b27315ebbedaacef61af244262a8',
      releaseDate: '1987-11-12',
      trackIds: ['4PTG3Z6ehGkBFwjybzWkR8', '5Y9HrSvMlGvxw8IGVhcfMo'],
    },
    {
      id: '1ER3B6zev5JEAaqhnyyfbf',
      name: 'Hunting High and Low',
      artists: [aha],
      imageUrl: 'https://i.scdn.co/image/ab67616d0000b273e8dd4db47e7177c63b0b7d53',
      releaseDate: '1985-06-01',
      trackIds: ['2WfaOiMkCvy7F5fcp2zZ8L'],
    },
  ],
  playlists: [
    {
      id: '37i9dQZF1DXcBWIGoYBM5M',
      name: 'Eighties Mix',
      ownerName: 'Spotify',
      imageUrl: 'https://i.scdn.co/image/ab67706f00000002eighties',
      trackIds: ['4PTG3Z6ehGkBFwjybzWkR8', '2WfaOiMkCvy7F5fcp2zZ8L', '5Y9HrSvMlGvxw8IGVhcfMo'],
    },
  ],
};

/** Renders catalogue entries in the Web API's shapes, with hrefs on the emulator's own origin. */
export class SpotifyRenderer {
  readonly #tracks = new Map<string, SpotifyTrackSeed>();
  readonly #albums = new Map<string, SpotifyAlbumSeed>();
  readonly #playlists = new Map<string, SpotifyPlaylistSeed>();
  readonly #artists = new Map<string, SpotifyArtistSeed>();
  readonly #api: string;

  constructor(catalogue: SpotifyCatalogue, apiBase: string) {
    this.#api = apiBase;
    for (const album of catalogue.albums) this.addAlbum(album);
    for (const track of catalogue.tracks) this.addTrack(track);
    for (const playlist of catalogue.playlists) this.#playlists.set(playlist.id, playlist);
  }

  /** Adds (or replaces) a track, e.g. one generated for an emulated user's listening. */
  addTrack(track: SpotifyTrackSeed): void {
    this.#tracks.set(track.id, track);
    for (const artist of track.artists) this.#artists.set(artist.id, artist);
  }

  addAlbum(album: SpotifyAlbumSeed): void {
    this.#albums.set(album.id, album);
    for (const artist of album.artists) this.#artists.set(artist.id, artist);
  }

  track(id: string) {
    return this.#tracks.get(id) ?? null;
  }

  album(id: string) {
    return this.#albums.get(id) ?? null;
  }

  playlist(id: string) {
    return this.#playlists.get(id) ?? null;
  }

  /** Any artist credited on a known track or album. */
  artist(id: string) {
    return this.#artists.get(id) ?? null;
  }

  /**
   * The full artist of GET /v1/artists/{id}, as development-mode apps get it since 2026:
   * no `popularity`, no `followers`.
   */
  fullArtist(artist: SpotifyArtistSeed) {
    return { ...this.#artist(artist), genres: [], images: [] };
  }

  #artist(artist: SpotifyArtistSeed) {
    return {
      external_urls: { spotify: `https://open.spotify.com/artist/${artist.id}` },
      href: `${this.#api}/artists/${artist.id}`,
      id: artist.id,
      name: artist.name,
      type: 'artist',
      uri: `spotify:artist:${artist.id}`,
    };
  }

  #images(url: string) {
    return [
      { height: 640, url, width: 640 },
      { height: 300, url: `${url}?size=300`, width: 300 },
      { height: 64, url: `${url}?size=64`, width: 64 },
    ];
  }

  /** A simplified album, as embedded in a full track. */
  simplifiedAlbum(album: SpotifyAlbumSeed) {
    return {
      album_type: 'album',
      total_tracks: album.trackIds.length,
      external_urls: { spotify: `https://open.spotify.com/album/${album.id}` },
      href: `${this.#api}/albums/${album.id}`,
      id: album.id,
      images: this.#images(album.imageUrl),
      name: album.name,
      release_date: album.releaseDate,
      release_date_precision: 'day',
      type: 'album',
      uri: `spotify:album:${album.id}`,
      artists: album.artists.map((a) => this.#artist(a)),
    };
  }

  /** A simplified track (album track listings): no album, no external_ids, no popularity. */
  simplifiedTrack(track: SpotifyTrackSeed, trackNumber: number) {
    return {
      artists: track.artists.map((a) => this.#artist(a)),
      disc_number: 1,
      duration_ms: track.durationMs,
      explicit: false,
      external_urls: { spotify: `https://open.spotify.com/track/${track.id}` },
      href: `${this.#api}/tracks/${track.id}`,
      id: track.id,
      is_local: false,
      name: track.name,
      preview_url: null,
      track_number: trackNumber,
      type: 'track',
      uri: `spotify:track:${track.id}`,
    };
  }

  /** The full track object of GET /v1/tracks/{id} and playlist items. */
  fullTrack(track: SpotifyTrackSeed) {
    const album = this.album(track.albumId);
    const number = album ? album.trackIds.indexOf(track.id) + 1 : 1;
    return {
      ...this.simplifiedTrack(track, number),
      album: album ? this.simplifiedAlbum(album) : null,
      external_ids: { isrc: track.isrc },
      popularity: 70,
    };
  }

  /** An offset paging object over `items`; `next`/`previous` are absolute URLs as Spotify sends them. */
  page<T>(path: string, all: T[], offset: number, limit: number) {
    const link = (at: number) => `${this.#api}${path}?offset=${at}&limit=${limit}`;
    return {
      href: link(offset),
      items: all.slice(offset, offset + limit),
      limit,
      next: offset + limit < all.length ? link(offset + limit) : null,
      offset,
      previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
      total: all.length,
    };
  }

  albumTracks(album: SpotifyAlbumSeed) {
    return album.trackIds.flatMap((id, index) => {
      const track = this.track(id);
      return track ? [this.simplifiedTrack(track, index + 1)] : [];
    });
  }

  playlistItems(playlist: SpotifyPlaylistSeed) {
    return playlist.trackIds.flatMap((id) => {
      const track = this.track(id);
      if (!track) return [];
      return [
        {
          added_at: '2024-01-01T00:00:00Z',
          added_by: { id: 'spotify', type: 'user', uri: 'spotify:user:spotify' },
          is_local: false,
          primary_color: null,
          track: this.fullTrack(track),
        },
      ];
    });
  }

  fullAlbum(album: SpotifyAlbumSeed, limit: number) {
    return {
      ...this.simplifiedAlbum(album),
      external_ids: { upc: '00000000000' },
      label: 'RCA Records Label',
      popularity: 60,
      tracks: this.page(`/albums/${album.id}/tracks`, this.albumTracks(album), 0, limit),
    };
  }

  fullPlaylist(playlist: SpotifyPlaylistSeed, limit: number) {
    return {
      collaborative: false,
      description: '',
      external_urls: { spotify: `https://open.spotify.com/playlist/${playlist.id}` },
      href: `${this.#api}/playlists/${playlist.id}`,
      id: playlist.id,
      images: [{ height: null, url: playlist.imageUrl, width: null }],
      name: playlist.name,
      owner: { display_name: playlist.ownerName, id: 'spotify', type: 'user' },
      public: true,
      snapshot_id: 'MTcwMDAwMDAwMCwwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMA==',
      tracks: this.page(`/playlists/${playlist.id}/tracks`, this.playlistItems(playlist), 0, limit),
      type: 'playlist',
      uri: `spotify:playlist:${playlist.id}`,
    };
  }
}
