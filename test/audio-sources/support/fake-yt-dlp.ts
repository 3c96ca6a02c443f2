import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes an executable stand-in for yt-dlp: a Node script that answers the invocations the
 * source makes with canned JSON shaped like yt-dlp's, and appends each argv to `calls.jsonl` so
 * tests can check what was run. It lets the real process handling and parsing run without the
 * internet. `audioUrl` is what "bestaudio" resolves to.
 */
export async function writeFakeYtDlp(
  dir: string,
  audioUrl: string,
): Promise<{ path: string; callsFile: string }> {
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
  out({ id: 'dQw4w9WgXcQ', url: ${JSON.stringify(audioUrl)}, ext: 'webm', acodec: 'opus', protocol: 'https',
    http_headers: { 'User-Agent': 'Mozilla/5.0 test', Accept: '*/*' } });
  process.exit(0);
}
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
