import { execFile } from 'node:child_process';
import { access, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Config } from '../config/index.ts';
import { ffmpegPath } from '../media/index.ts';

const run = promisify(execFile);

export const DEMO_TRACK_TITLE = 'Gramophone Demo';
const DEMO_FILE = 'gramophone-demo.ogg';

/**
 * Makes sure the sandbox has something to play offline: a 30-second arpeggio written with
 * ffmpeg into the first local music folder (`DATA_DIR/music` by default), tagged so that
 * `/play gramophone demo` finds it. Returns its path; an existing file is kept.
 */
export async function ensureDemoTrack(config: Config): Promise<string> {
  const folder = config.AUDIO_LOCAL_DIRS?.[0] ?? join(config.DATA_DIR, 'music');
  const path = join(folder, DEMO_FILE);
  try {
    await access(path);
    return path;
  } catch {
    // Not there yet: write it.
  }
  await mkdir(folder, { recursive: true });
  // A-major arpeggio, one note every half second, so it is audibly music, not a test tone.
  const notes = [440, 554.37, 659.25, 880];
  const tone = notes
    .map((hz, i) => `between(mod(t,2),${i * 0.5},${i * 0.5 + 0.5})*sin(2*PI*${hz}*t)`)
    .join('+');
  const partial = `${path}.partial.ogg`;
  await run(ffmpegPath(), [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', `aevalsrc='0.4*(${tone})':s=48000:d=30`],
    ...['-metadata', `title=${DEMO_TRACK_TITLE}`, '-metadata', 'artist=Gramophone'],
    ...['-ac', '2', '-c:a', 'libopus', '-b:a', '96k', partial],
  ]);
  // Written aside and renamed, so the audio node never indexes half a file.
  await rename(partial, path);
  return path;
}
