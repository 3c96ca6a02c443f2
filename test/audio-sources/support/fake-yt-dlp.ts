import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One entry of a recorded `yt-dlp -J --flat-playlist ytsearch10:…` answer. */
interface SearchEntry {
  id: string;
  title: string;
  channel: string;
  duration: number;
  verified?: boolean;
}

/**
 * YouTube searches the mirror makes for the emulators' catalogues (src/emulators/{spotify,
 * deezer,apple-music}), answered in the shape yt-dlp 2025.x prints for a flat search entry. The
 * wrong candidates (a live take, a cover, a one-hour loop, a nightcore edit) are there for the
 * scoring to refuse.
 */
export const RECORDED_SEARCHES: Record<string, SearchEntry[]> = {
  // An ISRC search: YouTube finds the upload whose description carries the ISRC.
  '"GBARL9300135"': [
    {
      id: 'dQw4w9WgXcQ',
      title: 'Rick Astley - Never Gonna Give You Up (Official Music Video)',
      channel: 'Rick Astley',
      duration: 213,
      verified: true,
    },
  ],
  // An ISRC YouTube does not know: nothing relevant comes back.
  '"USWB19901574"': [
    { id: 'unrelated01', title: 'ISRC codes explained', channel: 'Music Biz 101', duration: 431 },
  ],
  'Take On Me a-ha': [
    {
      id: 'ahaLive0001',
      title: 'a-ha - Take On Me (Live From MTV Unplugged)',
      channel: 'a-ha',
      duration: 236,
      verified: true,
    },
    { id: 'ahaHour0001', title: 'a-ha - Take On Me [1 Hour]', channel: 'Loops Forever', duration: 3600 },
    { id: 'ahaCover001', title: 'Take On Me (cover)', channel: 'Some Band', duration: 226 },
    { id: 'ahaTopic001', title: 'Take On Me', channel: 'a-ha - Topic', duration: 226 },
  ],
  'Together Forever Rick Astley': [
    { id: 'rickNightcr', title: 'Nightcore - Together Forever', channel: 'Nightcore Zone', duration: 170 },
    {
      id: 'rickTF00001',
      title: 'Rick Astley - Together Forever (Official Video)',
      channel: 'Rick Astley',
      duration: 206,
      verified: true,
    },
  ],
  'Never Gonna Give You Up Rick Astley': [
    {
      id: 'dQw4w9WgXcQ',
      title: 'Rick Astley - Never Gonna Give You Up (Official Music Video)',
      channel: 'Rick Astley',
      duration: 213,
      verified: true,
    },
  ],
};

/** A flat search entry as yt-dlp prints it (fields a client may read, nulls where YouTube gives none). */
const searchEntry = (e: SearchEntry) => ({
  _type: 'url',
  ie_key: 'Youtube',
  id: e.id,
  url: `https://www.youtube.com/watch?v=${e.id}`,
  title: e.title,
  description: null,
  duration: e.duration,
  channel_id: `UC${e.id}0000000000`,
  channel: e.channel,
  channel_url: `https://www.youtube.com/channel/UC${e.id}0000000000`,
  uploader: e.channel,
  uploader_id: null,
  uploader_url: null,
  thumbnails: [
    { url: `https://i.ytimg.com/vi/${e.id}/hqdefault.jpg`, height: 270, width: 480 },
    { url: `https://i.ytimg.com/vi/${e.id}/hq720.jpg`, height: 404, width: 720 },
  ],
  timestamp: null,
  release_timestamp: null,
  availability: null,
  view_count: 1_000_000,
  live_status: null,
  channel_is_verified: e.verified ?? null,
});

/**
 * Writes an executable stand-in for yt-dlp: a Node script that answers the invocations the
 * source makes with canned JSON shaped like yt-dlp's, and appends each argv to `calls.jsonl` so
 * tests can check what was run. It lets the real process handling and parsing run without the
 * internet. `audioUrl` is what "bestaudio" resolves to (Opus in WebM unless `audioFormat` says
 * otherwise); the searches in {@link RECORDED_SEARCHES} answer their recorded results.
 */
export async function writeFakeYtDlp(
  dir: string,
  audioUrl: string,
  options: { audioFormat?: { ext: string; acodec: string } } = {},
): Promise<{ path: string; callsFile: string }> {
  const format = options.audioFormat ?? { ext: 'webm', acodec: 'opus' };
  const recorded = Object.fromEntries(
    Object.entries(RECORDED_SEARCHES).map(([query, entries]) => [
      `ytsearch10:${query}`,
      {
        _type: 'playlist',
        id: query,
        title: query,
        entries: entries.map(searchEntry),
        extractor: 'youtube:search',
        webpage_url: `ytsearch10:${query}`,
      },
    ]),
  );
  const path = join(dir, 'yt-dlp');
  const callsFile = join(dir, 'calls.jsonl');
  const script = `#!${process.execPath}
const { appendFileSync } = require('node:fs');
const args = process.argv.slice(2);
appendFileSync(${JSON.stringify(callsFile)}, JSON.stringify(args) + '\\n');
const target = args[args.length - 1];
const out = (value) => process.stdout.write(JSON.stringify(value));
const thumbs = (id) => [
  { url: 'https://i.ytimg.com/vi/' + id + '/default.jpg' },
  { url: 'https://i.ytimg.com/vi/' + id + '/maxresdefault.jpg' },
];
if (args[0] === '--version') { console.log('2099.01.01'); process.exit(0); }
if (target.includes('unavailabl')) {
  process.stderr.write('WARNING: something minor\\nERROR: [youtube] unavailabl3: Video unavailable. This video is private\\n');
  process.exit(1);
}
if (target.includes('garbage')) { process.stdout.write('not json'); process.exit(0); }
if (args.includes('-f')) {
  const videoId = (/[?&]v=([\\w-]{11})/.exec(target) || [])[1] || 'dQw4w9WgXcQ';
  out({ id: videoId, url: ${JSON.stringify(audioUrl)}, ext: ${JSON.stringify(format.ext)}, acodec: ${JSON.stringify(format.acodec)}, protocol: 'https',
    http_headers: { 'User-Agent': 'Mozilla/5.0 test', Accept: '*/*' } });
  process.exit(0);
}
const recorded = ${JSON.stringify(recorded)};
if (Object.prototype.hasOwnProperty.call(recorded, target)) { out(recorded[target]); process.exit(0); }
if (target.startsWith('ytsearch10:nothing')) { out({ _type: 'playlist', id: target, entries: [] }); process.exit(0); }
if (target.startsWith('ytsearch10:')) {
  out({ _type: 'playlist', id: target, title: target, entries: [
    { _type: 'url', ie_key: 'Youtube', id: 'aaaaaaaaaaa', title: 'First Result', duration: 212, channel: 'Chan One', thumbnails: thumbs('aaaaaaaaaaa') },
    null,
    { _type: 'url', ie_key: 'Youtube', id: 'bbbbbbbbbbb', title: 'Live Now', duration: null, channel: 'Chan Two', live_status: 'is_live', thumbnails: thumbs('bbbbbbbbbbb') },
  ] });
  process.exit(0);
}
if (target.startsWith('scsearch10:')) {
  out({ _type: 'playlist', id: target, entries: [
    { _type: 'url', ie_key: 'Soundcloud', id: '123456', url: 'https://soundcloud.com/artist/a-song', title: 'A Song', uploader: 'Artist', duration: 187.5 },
  ] });
  process.exit(0);
}
if (target.includes('list=')) {
  out({ _type: 'playlist', id: 'PL1', title: 'My Mix', entries: [
    { id: 'aaaaaaaaaaa', title: 'One', duration: 100, channel: 'C' },
    { id: 'dQw4w9WgXcQ', title: 'Two', duration: 212, channel: 'C' },
  ] });
  process.exit(0);
}
out({ id: 'dQw4w9WgXcQ', title: 'Never Gonna Give You Up', uploader: 'Rick Astley', duration: 212,
  webpage_url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', thumbnail: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/maxresdefault.jpg',
  is_live: false, formats: [] });
`;
  await writeFile(path, script);
  await chmod(path, 0o755);
  return { path, callsFile };
}
