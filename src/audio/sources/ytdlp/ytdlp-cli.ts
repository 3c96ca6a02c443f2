import { execFile } from 'node:child_process';
import type { Logger } from '../../../logging/index.ts';
import { AudioSourceError } from '../errors.ts';

/** A yt-dlp that answered `--version`; every run is bounded in time and output. */
export interface YtDlp {
  readonly path: string;
  readonly version: string;
  /** Runs yt-dlp and returns its stdout; a failed run throws an AudioSourceError in yt-dlp's words. */
  run(args: readonly string[], options: { timeoutMs: number; signal: AbortSignal }): Promise<string>;
}

/** Playlists of thousands of entries print megabytes of JSON with -J. */
const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;
const VERSION_TIMEOUT_MS = 10_000;

function execute(
  path: string,
  args: readonly string[],
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      path,
      [...args],
      {
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: MAX_OUTPUT_BYTES,
        signal: options.signal,
        windowsHide: true,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { stderr }));
        else resolve({ stdout, stderr });
      },
    );
  });
}

/** yt-dlp's own explanation ("ERROR: [youtube] abc: Video unavailable") without the prefix. */
export function ytDlpErrorMessage(stderr: string): string | null {
  const line = stderr
    .split(/\r?\n/)
    .reverse()
    .find((l) => l.startsWith('ERROR:'));
  if (!line) return null;
  return line.replace(/^ERROR:\s*(?:\[[^\]]+\]\s*(?:[\w-]+:\s)?)?/, '').trim() || null;
}

/**
 * Finds yt-dlp (the configured path, else `yt-dlp` on PATH) by running `--version` once.
 * Returns null when it is absent or broken: YouTube and SoundCloud then stay off.
 */
export async function detectYtDlp(configuredPath: string | undefined, logger: Logger): Promise<YtDlp | null> {
  const path = configuredPath ?? 'yt-dlp';
  let version: string;
  try {
    version = (await execute(path, ['--version'], { timeoutMs: VERSION_TIMEOUT_MS })).stdout.trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !configuredPath)
      logger.info('yt-dlp is not installed: YouTube and SoundCloud are off');
    else logger.warn({ path, err: error }, 'yt-dlp did not run: YouTube and SoundCloud are off');
    return null;
  }
  logger.info({ path, version }, 'yt-dlp found: YouTube and SoundCloud are on');
  return {
    path,
    version,
    async run(args, options) {
      try {
        return (await execute(path, args, options)).stdout;
      } catch (error) {
        const failure = error as NodeJS.ErrnoException & { stderr?: string; killed?: boolean };
        if (failure.name === 'AbortError')
          throw new AudioSourceError('The audio node is shutting down.', 'common');
        if (failure.killed) {
          throw new AudioSourceError(
            `yt-dlp did not answer within ${Math.round(options.timeoutMs / 1000)} s.`,
            'common',
            'timeout',
          );
        }
        const said = ytDlpErrorMessage(failure.stderr ?? '');
        throw new AudioSourceError(
          said ? `yt-dlp could not load that: ${said}` : 'yt-dlp failed to load that.',
          said ? 'common' : 'fault',
          (failure.stderr ?? String(error)).slice(-2000),
        );
      }
    },
  };
}
