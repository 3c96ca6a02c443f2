/**
 * Where ffmpeg reads from: a URL it fetches through the net guard's proxy, a local path, or its
 * stdin. Each kind gets a `-protocol_whitelist` of what it needs and nothing else.
 */
export type FfmpegInput =
  | { kind: 'url'; url: string; headers?: Record<string, string>; proxy: string }
  | { kind: 'file'; path: string }
  | { kind: 'stdin' };

/** Remote inputs: http(s) only through the proxy (CONNECT for TLS), HLS keys; never `file`. */
const NETWORK_PROTOCOLS = 'http,https,tcp,tls,httpproxy,crypto';

/** What ffmpeg writes: the Opus packets copied into Ogg, or decoded, filtered and encoded anew. */
export type FfmpegOutput =
  | { kind: 'remux' }
  | { kind: 'transcode'; filterChain: string | null; opusComplexity: number; bitrateKbps: number };

/**
 * ffmpeg arguments that read `input` from `startMs` and write Ogg Opus with 20 ms frames to
 * stdout. Ogg pages hold one packet (page_duration 20 ms) so the first frame leaves ffmpeg at
 * once instead of after a one-second page.
 */
export function ffmpegArgs(input: FfmpegInput, startMs: number, output: FfmpegOutput): string[] {
  const args = ['-hide_banner', '-nostats', '-loglevel', 'error'];
  if (input.kind === 'stdin') {
    args.push('-protocol_whitelist', 'pipe');
    // Input seeking on a pipe decodes and drops up to the position: slower, but correct.
    if (startMs > 0) args.push('-ss', (startMs / 1000).toFixed(3));
    args.push('-i', 'pipe:0');
  } else if (input.kind === 'file') {
    args.push('-nostdin', '-protocol_whitelist', 'file');
    if (startMs > 0) args.push('-ss', (startMs / 1000).toFixed(3));
    // `file:` so a path is never read as another protocol's URL.
    args.push('-i', `file:${input.path}`);
  } else {
    args.push('-nostdin', '-protocol_whitelist', NETWORK_PROTOCOLS, '-http_proxy', input.proxy);
    args.push('-reconnect', '1', '-reconnect_streamed', '1', '-reconnect_delay_max', '5');
    const headers = Object.entries(input.headers ?? {});
    if (headers.length > 0)
      args.push('-headers', headers.map(([name, value]) => `${name}: ${value}\r\n`).join(''));
    if (startMs > 0) args.push('-ss', (startMs / 1000).toFixed(3));
    args.push('-i', input.url);
  }
  args.push('-map', '0:a:0');
  if (output.kind === 'remux') {
    args.push('-c:a', 'copy');
  } else {
    if (output.filterChain) args.push('-af', output.filterChain);
    args.push(
      ...['-ar', '48000', '-ac', '2', '-c:a', 'libopus', '-b:a', `${output.bitrateKbps}k`, '-vbr', 'on'],
      ...[
        '-frame_duration',
        '20',
        '-application',
        'audio',
        '-compression_level',
        String(output.opusComplexity),
      ],
    );
  }
  args.push('-f', 'ogg', '-page_duration', '20000', 'pipe:1');
  return args;
}
