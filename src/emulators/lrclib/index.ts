/**
 * LRCLIB emulator: LRCLIB's lyrics API (`/api/get`, `/api/get/:id`, `/api/search`) on a local
 * port over a seeded catalogue, for testing the lyrics provider against LRCLIB's real wire format.
 */
export { type CatalogueTrack, DEMO_LYRICS_CATALOGUE } from './catalogue.ts';
export { type LrclibEmulator, type LrclibRequest, startLrclibEmulator } from './server.ts';
