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

export interface GuildMember {
  id: string;
  displayName: string;
  avatarUrl: string | null;
  bot: boolean;
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

/** One setting's value: the settings page edits them generically, from the schema endpoint. */
export type SettingValue = boolean | number | string | null;
export type GuildSettings = Record<string, SettingValue>;

/** `GET /api/guilds/:guildId/settings/schema`: how one setting is edited. */
export interface SettingDescriptor {
  key: string;
  type: 'boolean' | 'integer' | 'number' | 'string' | 'enum';
  nullable: boolean;
  default: SettingValue;
  min: number | null;
  max: number | null;
  step: number | null;
  values: string[] | null;
  pattern: string | null;
  maxLength: number | null;
  picker: 'role' | 'textChannel' | 'voiceChannel' | 'category' | null;
  format: 'color' | null;
}

export interface GuildChannel {
  id: string;
  name: string;
  type: 'text' | 'voice' | 'category';
  parentId: string | null;
  position: number;
}

export interface GuildRole {
  id: string;
  name: string;
  color: number;
  position: number;
  managed: boolean;
}

export interface AuditEntry {
  id: number;
  actorId: string | null;
  /** The actor's Discord name if they ever logged in to the panel. */
  actorName: string | null;
  action: string;
  target: string | null;
  /** For `settings.update`: `{ field: { before, after } }`. */
  changes: unknown;
  requestId: string | null;
  createdAt: string;
}

export interface AuditPage {
  entries: AuditEntry[];
  nextBefore: number | null;
}

/** One of the caller's panel sessions (`GET /api/auth/sessions`). */
export interface PanelSession {
  id: string;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  current: boolean;
}
