/**
 * Spotify, Apple Music and Deezer links, resolved through the services' public APIs and mirrored
 * to YouTube (through yt-dlp) when played, the way LavaSrc does for Lavalink. See
 * docs/audio-sources.md ("Spotify, Apple Music and Deezer links").
 */
export { APPLE_PLAYLIST_NEEDS_TOKEN } from './apple-catalog.ts';
export { createMirrorSource, DEFAULT_MIRROR_SETTINGS, type MirrorSettings } from './create-mirror-source.ts';
export { type MirrorLink, type MirrorService, parseMirrorLink } from './links.ts';
export { MIRROR_SOURCE_NAMES, type MirrorSource } from './mirror-source.ts';
export { SPOTIFY_CREDENTIALS_MISSING } from './spotify-catalog.ts';
