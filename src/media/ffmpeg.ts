import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

/** Where the ffmpeg binary came from, and why, for the start-up log. */
export interface FfmpegChoice {
  path: string;
  source: 'FFMPEG_PATH' | 'system' | 'npm-fallback';
  /** Set for the npm fallback: why it is a worse choice. */
  warning?: string;
}

let resolved: FfmpegChoice | undefined;

const FALLBACK_WARNING =
  'no ffmpeg on PATH and FFMPEG_PATH unset: using the static ffmpeg from @ffmpeg-installer/ffmpeg, a 2018 build with known security flaws that decodes audio from URLs users choose; install ffmpeg from your distribution (apt-get install ffmpeg) or set FFMPEG_PATH';

function runs(binary: string): boolean {
  try {
    execFileSync(binary, ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Which ffmpeg to run: FFMPEG_PATH when set (it must run), else the system's `ffmpeg` on PATH
 * (kept current by the distribution), else — with a warning — the static build shipped in the
 * @ffmpeg-installer npm package, so an install from the npm registry alone still plays audio.
 */
export function chooseFfmpeg(env: Record<string, string | undefined> = process.env): FfmpegChoice {
  const configured = env.FFMPEG_PATH?.trim();
  if (configured) {
    if (!runs(configured))
      throw new Error(`FFMPEG_PATH: ${configured} does not run (ffmpeg -version failed)`);
    return { path: configured, source: 'FFMPEG_PATH' };
  }
  if (runs('ffmpeg')) return { path: 'ffmpeg', source: 'system' };
  const require = createRequire(import.meta.url);
  const path = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  return { path, source: 'npm-fallback', warning: FALLBACK_WARNING };
}

/** The process-wide choice ({@link chooseFfmpeg}), made once (the first caller's `env` counts). */
export function ffmpegChoice(env: Record<string, string | undefined> = process.env): FfmpegChoice {
  resolved ??= chooseFfmpeg(env);
  return resolved;
}

/** The ffmpeg binary to run (see {@link chooseFfmpeg}). */
export function ffmpegPath(): string {
  return ffmpegChoice().path;
}

/**
 * The environment for an ffmpeg child: ours without `no_proxy`, which would let ffmpeg bypass the
 * `-http_proxy` the audio node gives it for remote inputs (ffmpeg honours it for matching hosts).
 */
export function ffmpegChildEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['no_proxy', 'NO_PROXY', 'http_proxy', 'HTTP_PROXY']) delete env[name];
  return env;
}
