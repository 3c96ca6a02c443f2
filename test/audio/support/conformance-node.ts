/**
 * A whole audio node for the conformance tests: the audio role as `gramophone start` runs it
 * (real sources, real ffmpeg/@discordjs/voice playback), the Discord emulator's voice server to
 * play into, a tiny HTTP server for remote files, and generated test tones.
 */
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { Registry } from 'prom-client';
import { audioRole } from '../../../src/audio/index.ts';
import { parseConfig } from '../../../src/config/index.ts';
import { VoiceServer } from '../../../src/emulators/discord/voice/index.ts';
import { HealthRegistry } from '../../../src/health/index.ts';
import { silentLogger } from '../../../src/logging/index.ts';
import { ffmpegPath } from '../../../src/media/index.ts';
import type { AppContext, RunningRole } from '../../../src/runtime/index.ts';
import { eventually } from '../../support/eventually.ts';
import { REFUSED_PORT } from '../../support/gramophone-process.ts';

/** Waits until `check` passes, retrying every 50 ms (10 s by default). */
export const until = (check: () => void | Promise<void>, timeoutMs = 10_000) =>
  eventually(check, timeoutMs, 50);

const run = promisify(execFile);

export const NODE_PASSWORD = 'conformance-password';
export const BOT_ID = '900000000000000042';

/** Tones the tests play, by file name, with their frequency. */
export const TONES = {
  'tone-440.ogg': { hz: 440, codec: ['-c:a', 'libopus', '-b:a', '96k'] },
  'tone-660.mp3': { hz: 660, codec: ['-c:a', 'libmp3lame', '-b:a', '128k'] },
  'tone-880.flac': { hz: 880, codec: ['-c:a', 'flac'] },
} as const;
export type ToneFile = keyof typeof TONES;
const TONE_SECONDS = 8;

export interface ConformanceNode {
  host: string;
  port: number;
  password: string;
  voice: VoiceServer;
  registry: Registry;
  /** Folder the node may read (the role's default DATA_DIR/music). */
  musicDir: string;
  /** A file outside the allowed folders. */
  outsideFile: string;
  /** URL of a tone on the test HTTP server. */
  httpUrl(file: ToneFile): string;
  /** An http URL nobody listens on. */
  unreachableUrl: string;
  rest(method: string, path: string, body?: unknown): Promise<Response>;
  stop(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.ogg': 'audio/ogg',
  '.mp3': 'audio/mpeg',
  '.flac': 'audio/flac',
};

/** Serves a folder with Range support (ffmpeg and the sources read parts of files). */
function serveFolder(root: string): Server {
  return createServer(async (request, response) => {
    const path = normalize(join(root, decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/')));
    if (!path.startsWith(root)) return void response.writeHead(403).end();
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      return void response.writeHead(404).end();
    }
    const type = CONTENT_TYPES[extname(path)] ?? 'application/octet-stream';
    const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
    if (range) {
      const start = range[1] ? Number(range[1]) : size - Number(range[2]);
      const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      response.writeHead(206, {
        'Content-Type': type,
        'Content-Length': end - start + 1,
        'Content-Range': `bytes ${start}-${end}/${size}`,
        'Accept-Ranges': 'bytes',
      });
      if (request.method === 'HEAD') return void response.end();
      return void createReadStream(path, { start, end }).pipe(response);
    }
    response.writeHead(200, { 'Content-Type': type, 'Content-Length': size, 'Accept-Ranges': 'bytes' });
    if (request.method === 'HEAD') return void response.end();
    createReadStream(path).pipe(response);
  });
}

async function makeTone(path: string, hz: number, codec: readonly string[]): Promise<void> {
  await run(ffmpegPath(), [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `sine=frequency=${hz}:duration=${TONE_SECONDS}`],
    ...['-ac', '2', '-ar', '48000', ...codec, path],
  ]);
}

export async function startConformanceNode(): Promise<ConformanceNode> {
  const certDir = process.env.GRAMOPHONE_TEST_CERT_DIR;
  if (!certDir)
    throw new Error('GRAMOPHONE_TEST_CERT_DIR is unset: run through vitest (test/global-setup.ts)');
  const work = await mkdtemp(join(tmpdir(), 'gramophone-audio-conformance-'));
  const musicDir = join(work, 'data', 'music');
  const webDir = join(work, 'web');
  const outsideDir = join(work, 'outside');
  await Promise.all([mkdir(musicDir, { recursive: true }), mkdir(webDir), mkdir(outsideDir)]);
  await Promise.all(
    Object.entries(TONES).flatMap(([file, { hz, codec }]) => [
      makeTone(join(musicDir, file), hz, codec),
      makeTone(join(webDir, file), hz, codec),
    ]),
  );
  const outsideFile = join(outsideDir, 'secret.mp3');
  await makeTone(outsideFile, 330, TONES['tone-660.mp3'].codec);

  const web = serveFolder(webDir);
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  const webPort = (web.address() as AddressInfo).port;
  const voice = await VoiceServer.start({ certDir });

  const registry = new Registry();
  const context = {
    config: parseConfig({
      AUDIO_HOST: '127.0.0.1',
      // Any free port: the role says which one it got.
      AUDIO_PORT: '0',
      AUDIO_PASSWORD: NODE_PASSWORD,
      // The test's web server is on loopback, which the node refuses unless allowed.
      AUDIO_HTTP_ALLOW: '127.0.0.1',
      DATA_DIR: join(work, 'data'),
    }),
    logger: silentLogger(),
    metrics: registry,
    health: new HealthRegistry(),
    roles: ['audio'],
  } as unknown as AppContext; // the audio role reads config, logger, metrics and health only
  let role: RunningRole;
  try {
    role = await audioRole.start(context);
  } catch (error) {
    await voice.close();
    web.close();
    throw error;
  }
  const port = role.ports?.AUDIO_PORT;
  if (!port) throw new Error('the audio role did not report its port');
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    host: '127.0.0.1',
    port,
    password: NODE_PASSWORD,
    voice,
    registry,
    musicDir,
    outsideFile,
    httpUrl: (file) => `http://127.0.0.1:${webPort}/${file}`,
    unreachableUrl: `http://127.0.0.1:${REFUSED_PORT}/gone.mp3`,
    rest: (method, path, body) =>
      fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          Authorization: NODE_PASSWORD,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    async stop() {
      await role.stop();
      await voice.close();
      await new Promise<void>((resolve) => web.close(() => resolve()));
      await rm(work, { recursive: true, force: true });
    },
  };
}
