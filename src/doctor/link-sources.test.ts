import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLinkSources } from './link-sources.ts';

let dir: string;
let ytDlp: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gramophone-doctor-ytdlp-'));
  ytDlp = join(dir, 'yt-dlp');
  await writeFile(ytDlp, `#!${process.execPath}\nconsole.log('2025.10.22');\n`);
  await chmod(ytDlp, 0o755);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const none = { SPOTIFY_CLIENT_ID: undefined, SPOTIFY_CLIENT_SECRET: undefined, APPLE_MUSIC_TOKEN: undefined };

describe('doctor: link sources', () => {
  it('reports the yt-dlp version and which links are on', async () => {
    expect(await checkLinkSources({ ...none, YT_DLP_PATH: ytDlp })).toEqual({
      ok: true,
      detail: `yt-dlp 2025.10.22 at ${ytDlp}: YouTube, SoundCloud on; Spotify off (set SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET); Apple Music on (iTunes lookup, no playlists); Deezer on`,
    });
    const all = await checkLinkSources({
      YT_DLP_PATH: ytDlp,
      SPOTIFY_CLIENT_ID: '5f1c1e0ab7e84a4c9d2f3e6a7b8c9d0e',
      SPOTIFY_CLIENT_SECRET: 'secret-secret',
      APPLE_MUSIC_TOKEN: 'eyJhbGciOiJFUzI1NiJ9.token',
    });
    expect(all.detail).toContain('Spotify on; Apple Music on (API); Deezer on');
  });

  it('fails on a YT_DLP_PATH that does not run, with what to do', async () => {
    const outcome = await checkLinkSources({ ...none, YT_DLP_PATH: join(dir, 'missing') });
    expect(outcome.ok).toBe(false);
    expect(outcome.hint).toContain('pipx install yt-dlp');
  });
});
