/**
 * The browser-clean part of the Lavalink protocol (zod only): the track schemas the music
 * contract, and through it the dashboard, build on. index.ts also carries the track codec,
 * which needs Node's Buffer.
 */
export { type TrackInfo, trackInfoSchema } from './schemas/track.ts';
