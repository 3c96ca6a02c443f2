import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ffmpegPath } from '../../../src/media/index.ts';

const run = promisify(execFile);

export type FixtureFormat = 'mp3' | 'ogg' | 'webm' | 'flac' | 'wav' | 'm4a';

const CODEC_ARGS: Record<FixtureFormat, string[]> = {
  mp3: ['-c:a', 'libmp3lame', '-b:a', '128k'],
  ogg: ['-c:a', 'libopus', '-b:a', '64k'],
  webm: ['-c:a', 'libopus', '-b:a', '64k'],
  flac: ['-c:a', 'flac'],
  wav: ['-c:a', 'pcm_s16le'],
  m4a: ['-c:a', 'aac', '-b:a', '96k'],
};

export interface FixtureTags {
  title?: string;
  artist?: string;
  album?: string;
}

/**
 * Writes a sine tone of `seconds` in `format` with the given tags, using the same ffmpeg the
 * node uses. Test fixtures are generated, never committed.
 */
export async function makeAudioFile(
  dir: string,
  name: string,
  format: FixtureFormat,
  seconds: number,
  tags: FixtureTags = {},
): Promise<string> {
  const path = join(dir, `${name}.${format}`);
  const metadata = Object.entries(tags).flatMap(([key, value]) => ['-metadata', `${key}=${value}`]);
  await run(ffmpegPath(), [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:duration=${seconds}`,
    ...CODEC_ARGS[format],
    ...metadata,
    path,
  ]);
  return path;
}
