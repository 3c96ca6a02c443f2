/** Apple Music emulator: the Apple Music API's catalogue reads and the keyless iTunes lookup API. */
export {
  type AppleAlbumSeed,
  type AppleCatalogue,
  type ApplePlaylistSeed,
  type AppleSongSeed,
  DEFAULT_APPLE_CATALOGUE,
} from './catalogue.ts';
export {
  type AppleMusicEmulator,
  type AppleMusicEmulatorOptions,
  DEFAULT_APPLE_DEVELOPER_TOKEN,
  startAppleMusicEmulator,
} from './emulator.ts';
