import { detectYtDlp } from '../audio/index.ts';
import type { Config } from '../config/index.ts';
import { silentLogger } from '../logging/index.ts';
import type { CheckOutcome } from './checks.ts';

const INSTALL = 'install it with `pipx install yt-dlp` or the distribution package (or set YT_DLP_PATH)';

/**
 * What the built-in audio node can play besides http(s) and local files: yt-dlp's presence and
 * version (YouTube, SoundCloud, and the mirrored Spotify/Apple Music/Deezer links need it), and
 * which link sources are on. A missing yt-dlp is not a failure — the node plays files without
 * it — but a YT_DLP_PATH that does not run is.
 */
export async function checkLinkSources(
  config: Pick<Config, 'YT_DLP_PATH' | 'SPOTIFY_CLIENT_ID' | 'SPOTIFY_CLIENT_SECRET' | 'APPLE_MUSIC_TOKEN'>,
): Promise<CheckOutcome> {
  const ytDlp = await detectYtDlp(config.YT_DLP_PATH, silentLogger());
  if (!ytDlp && config.YT_DLP_PATH) {
    return {
      ok: false,
      detail: `YT_DLP_PATH (${config.YT_DLP_PATH}) did not answer --version: YouTube, SoundCloud, Spotify, Apple Music and Deezer links are off`,
      hint: `fix YT_DLP_PATH or unset it to use yt-dlp on PATH; ${INSTALL}`,
    };
  }
  if (!ytDlp) {
    return {
      ok: true,
      detail: `yt-dlp not installed: http(s) audio and local files play; YouTube, SoundCloud and Spotify/Apple Music/Deezer links need yt-dlp — ${INSTALL}`,
    };
  }
  const spotify =
    config.SPOTIFY_CLIENT_ID && config.SPOTIFY_CLIENT_SECRET
      ? 'Spotify on'
      : 'Spotify off (set SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET)';
  const apple = config.APPLE_MUSIC_TOKEN
    ? 'Apple Music on (API)'
    : 'Apple Music on (iTunes lookup, no playlists)';
  return {
    ok: true,
    detail: `yt-dlp ${ytDlp.version} at ${ytDlp.path}: YouTube, SoundCloud on; ${spotify}; ${apple}; Deezer on`,
  };
}
