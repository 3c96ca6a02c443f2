import { spawn } from 'node:child_process';
import { ffmpegChildEnv, ffmpegPath } from '../../../media/index.ts';

export interface FfmpegProbe {
  durationMs: number | null;
  tags: { title?: string; artist?: string; album?: string };
}

const MAX_OUTPUT = 64 * 1024;
/** What ffmpeg may open for a remote input: http(s) through the proxy (CONNECT for TLS), and HLS keys. */
export const NETWORK_PROTOCOLS = 'http,https,tcp,tls,httpproxy,crypto';

/**
 * Asks ffmpeg what a remote file holds, for the cases where the first bytes are not enough:
 * Ogg and WAV durations sit at the end (or need the whole data size), MP4 often keeps its
 * `moov` atom last. ffmpeg seeks with range requests, so it reads little. ffprobe would be
 * tidier but is not shipped by the npm ffmpeg build this node may fall back to.
 *
 * ffmpeg reaches the network only through `proxyUrl`, the net guard's proxy (every request,
 * redirect and nested open is checked there), and may use only network protocols: never
 * `file`, so a hostile playlist or HLS manifest cannot make it read the node's own files.
 */
export function probeWithFfmpeg(
  url: string,
  proxyUrl: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<FfmpegProbe> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      ffmpegPath(),
      [
        ...['-hide_banner', '-nostdin'],
        ...['-protocol_whitelist', NETWORK_PROTOCOLS, '-http_proxy', proxyUrl, '-i', url],
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        signal,
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        env: ffmpegChildEnv(),
      },
    );
    let output = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (output.length < MAX_OUTPUT) output += chunk;
    });
    child.on('error', reject);
    // ffmpeg exits 1 ("At least one output file must be specified") after printing the input.
    child.on('close', () => resolve(parseFfmpegInput(output)));
  });
}

/** Reads the `Input #0` block of ffmpeg's banner: its Duration and container-level tags. */
export function parseFfmpegInput(output: string): FfmpegProbe {
  const duration = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(output);
  const durationMs = duration
    ? Math.round((Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3])) * 1000)
    : null;
  const tags: FfmpegProbe['tags'] = {};
  const lines = output.split(/\r?\n/);
  const start = lines.findIndex((line) => line.startsWith('Input #0'));
  if (start >= 0 && lines[start + 1]?.trim() === 'Metadata:') {
    // Container tags are indented four spaces; a shallower line ends the block.
    for (const line of lines.slice(start + 2)) {
      const tag = /^ {4}(\w+)\s*: (.*)$/.exec(line);
      if (!tag?.[1]) break;
      const key = tag[1].toLowerCase();
      if (key === 'title' || key === 'artist' || key === 'album') tags[key] = tag[2]?.trim();
    }
  }
  return { durationMs, tags };
}
