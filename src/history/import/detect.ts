import { open } from 'node:fs/promises';
import type { ImportFileKind, ImportFormat } from './types.ts';

export type Container = 'zip' | 'json-array' | 'jsonl';

/** What the first bytes say the file is: a zip (local header or empty-archive record) or JSON. */
export async function sniffContainer(path: string): Promise<Container | null> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b) {
      const kind = bytes.readUInt16LE(2);
      if (kind === 0x0403 || kind === 0x0605 || kind === 0x0807) return 'zip';
    }
    const text = bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    if (text.startsWith('[')) return 'json-array';
    if (text.startsWith('{')) return 'jsonl';
    return null;
  } finally {
    await handle.close();
  }
}

const ZIP_ENTRY_KINDS: Array<[RegExp, ImportFileKind]> = [
  [/(?:^|\/)(?:Streaming_History_Audio_[^/]*|endsong_\d+)\.json$/i, 'spotify-extended-audio'],
  [/(?:^|\/)Streaming_History_Video_[^/]*\.json$/i, 'spotify-extended-video'],
  [/(?:^|\/)StreamingHistory(?:_music_)?\d*\.json$/i, 'spotify-account-music'],
  [/(?:^|\/)StreamingHistory_podcast_\d*\.json$/i, 'spotify-account-podcast'],
  [/(?:^|\/)listens\/\d{4}\/\d{1,2}\.jsonl$/, 'listenbrainz-jsonl'],
];

/** Which history file a zip entry is, by its name; null for the export's other files. */
export function kindOfZipEntry(name: string): ImportFileKind | null {
  if (/(?:^|\/)(?:__MACOSX\/|\._)/.test(name)) return null;
  for (const [pattern, kind] of ZIP_ENTRY_KINDS) if (pattern.test(name)) return kind;
  return null;
}

export function formatOf(kinds: ImportFileKind[]): ImportFormat | null {
  if (kinds.some((kind) => kind.startsWith('spotify-extended'))) return 'spotify-extended';
  if (kinds.some((kind) => kind.startsWith('spotify-account'))) return 'spotify-account';
  if (kinds.some((kind) => kind.startsWith('listenbrainz'))) return 'listenbrainz';
  return null;
}
