import { basename, extname } from 'node:path';
import { parseFile } from 'music-metadata';
import { type AudioContainer, containerFromFormat } from '../container.ts';
import { AudioSourceError } from '../errors.ts';
import type { TrackFields } from '../track-builder.ts';

/** A local audio file as the index and the loader see it. */
export interface LocalAudio {
  realPath: string;
  fields: TrackFields;
  album: string | null;
  container: AudioContainer;
}

/** Extensions worth parsing; anything else in the folders (covers, notes) is ignored. */
export const AUDIO_EXTENSIONS = new Set([
  '.mp3',
  '.ogg',
  '.oga',
  '.opus',
  '.webm',
  '.mka',
  '.flac',
  '.wav',
  '.m4a',
  '.aac',
  '.mp4',
  '.aiff',
  '.aif',
  '.wma',
]);

export const hasAudioExtension = (path: string): boolean => AUDIO_EXTENSIONS.has(extname(path).toLowerCase());

/** Reads tags and length with music-metadata; the file name stands in for a missing title. */
export async function readLocalAudio(realPath: string): Promise<LocalAudio> {
  let metadata: Awaited<ReturnType<typeof parseFile>>;
  try {
    metadata = await parseFile(realPath, { skipCovers: true });
    // Without a header that states it (an MP3 lacking a Xing frame…), the length needs a full scan.
    if (!metadata.format.duration) metadata = await parseFile(realPath, { skipCovers: true, duration: true });
  } catch (error) {
    throw new AudioSourceError('That file is not an audio file this node can read.', 'common', String(error));
  }
  const { common, format } = metadata;
  return {
    realPath,
    album: common.album ?? null,
    container: containerFromFormat(format),
    fields: {
      identifier: realPath,
      uri: realPath,
      sourceName: 'local',
      title: common.title ?? basename(realPath, extname(realPath)),
      author: common.artist ?? '',
      length: (format.duration ?? 0) * 1000,
      isStream: false,
      isrc: common.isrc?.[0] ?? null,
    },
  };
}
