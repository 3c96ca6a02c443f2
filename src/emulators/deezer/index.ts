/** Deezer emulator: api.deezer.com's keyless catalogue reads, for testing the audio node's Deezer links. */
export {
  DEFAULT_DEEZER_CATALOGUE,
  type DeezerAlbumSeed,
  type DeezerCatalogue,
  type DeezerPlaylistSeed,
  type DeezerTrackSeed,
} from './catalogue.ts';
export { type DeezerEmulator, type DeezerEmulatorOptions, startDeezerEmulator } from './emulator.ts';
