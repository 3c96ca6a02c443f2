import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

let resolved: string | undefined;

/**
 * The ffmpeg binary to run: the system's when one is on PATH (usually newer, with the
 * distribution's codecs), else the static build shipped inside the @ffmpeg-installer npm
 * package, so an install from the npm registry alone can decode and encode audio.
 */
export function ffmpegPath(): string {
  if (resolved) return resolved;
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    resolved = 'ffmpeg';
  } catch {
    const require = createRequire(import.meta.url);
    resolved = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  }
  return resolved;
}
