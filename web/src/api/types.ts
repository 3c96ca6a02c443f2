/** The api's answers, as docs/api.md describes them. */

export interface User {
  id: string;
  username: string;
  globalName: string | null;
  avatar: string | null;
}

export interface Me {
  user: User;
  csrfToken: string;
  sessionExpiresAt: string;
  locale: string | null;
}

export interface Meta {
  name: string;
  version: string;
  loginEnabled: boolean;
  sandbox: boolean;
  inviteUrl: string | null;
  locales: string[];
}

export interface GuildSummary {
  id: string;
  name: string;
  icon: string | null;
  owner: boolean;
  botPresent: boolean;
  inviteUrl: string | null;
}

export interface TrackInfo {
  title: string;
  author: string;
  length: number;
  uri: string | null;
  identifier: string;
  sourceName: string;
  isStream: boolean;
  isSeekable: boolean;
  artworkUrl: string | null;
  isrc: string | null;
  position: number;
}

export interface QueuedTrack {
  encoded: string;
  info: TrackInfo;
  requesterId: string | null;
  addedAt: string;
}

export interface QueueSnapshot {
  guildId: string;
  voiceChannelId: string | null;
  textChannelId: string | null;
  current: QueuedTrack | null;
  positionMs: number;
  upcoming: QueuedTrack[];
  history: QueuedTrack[];
  paused: boolean;
  loop: 'off' | 'track' | 'queue';
  volume: number;
  filterPreset: string | null;
  autoplay: boolean;
}

export interface Analytics {
  guildId: string;
  range: '1d' | '7d' | '30d' | 'all';
  from: string | null;
  to: string;
  plays: number;
  listeningHours: number;
  topTracks: { title: string; author: string; uri: string | null; plays: number; listeningHours: number }[];
  topArtists: { artist: string; plays: number; listeningHours: number }[];
  topRequesters: { userId: string; name: string | null; plays: number; listeningHours: number }[];
  busiestHours: { hour: number; plays: number; listeningHours: number }[];
  members: {
    current: number;
    joins: number;
    leaves: number;
    series: { date: string; memberCount: number; joins: number; leaves: number }[];
  };
  commands: { command: string; uses: number }[];
}
