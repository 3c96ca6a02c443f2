import { parseBuffer } from 'music-metadata';
import type { Logger } from '../../../logging/index.ts';
import {
  type AudioContainer,
  containerFromFormat,
  isAudioContentType,
  sniffContainer,
} from '../container.ts';
import { AudioSourceError } from '../errors.ts';
import type { TrackFields } from '../track-builder.ts';
import type { FetchedPrefix, ResponseHeaders } from './fetch-prefix.ts';
import type { FfmpegProbe } from './ffmpeg-probe.ts';

export interface ProbedHttpTrack {
  fields: TrackFields;
  container: AudioContainer;
}

/** Containers whose duration music-metadata reads from a header near the start. */
const HEADER_DURATION = new Set<AudioContainer>(['mp3', 'flac', 'webm-opus']);

interface Tags {
  title?: string | undefined;
  artist?: string | undefined;
  isrc?: string | undefined;
}

/** Live radio announces itself with Shoutcast/Icecast headers (`icy-name`, `ice-audio-info`…). */
function hasIcyHeaders(headers: ResponseHeaders): boolean {
  for (const name of headers.keys()) if (name.startsWith('icy-') || name.startsWith('ice-')) return true;
  return false;
}

/** The last path segment, readable, as a title of last resort. */
function fileTitle(url: URL): string | null {
  const segment = url.pathname.split('/').filter(Boolean).at(-1);
  if (!segment) return null;
  try {
    return decodeURIComponent(segment).replace(/\.[a-z0-9]{2,5}$/i, '') || null;
  } catch {
    return segment;
  }
}

/**
 * Decides what a fetched URL is: refuses what is not audio, tells live streams from files, and
 * reads title, artist and length from the tags (music-metadata), asking ffmpeg only when the
 * first bytes cannot give the length.
 */
export async function describeHttpAudio(
  fetched: FetchedPrefix,
  context: {
    timeoutMs: number;
    signal: AbortSignal;
    logger: Logger;
    /** False when only the container is wanted (opening a track): no ffmpeg run for the length. */
    probeLength: boolean;
    /** Asks ffmpeg (through the guard, within the node's probe bound) what the URL holds. */
    probe: (url: string) => Promise<FfmpegProbe>;
  },
): Promise<ProbedHttpTrack> {
  const { url, prefix, contentType, headers } = fetched;
  const isStream = hasIcyHeaders(headers) || (fetched.contentLength === null && !fetched.complete);
  const sniffed = sniffContainer(prefix);
  const metadata = await parseBuffer(
    prefix,
    {
      mimeType: contentType || undefined,
      size: isStream ? undefined : (fetched.contentLength ?? prefix.length),
    },
    { skipCovers: true, duration: false },
  ).catch((error: unknown) => {
    context.logger.debug(
      { url: url.href, err: error },
      'music-metadata could not parse the start of the file',
    );
    return null;
  });
  const recognised = sniffed !== null || metadata !== null;
  if (!recognised && (!isAudioContentType(contentType) || contentType === 'application/octet-stream')) {
    throw new AudioSourceError(
      `That URL is not an audio file (${contentType || 'no content type'})`,
      'common',
      `content-type ${contentType || 'none'}, unrecognised first bytes`,
    );
  }
  const container = metadata ? refine(sniffed, containerFromFormat(metadata.format)) : (sniffed ?? 'unknown');
  const tags: Tags = {
    title: metadata?.common.title,
    artist: metadata?.common.artist,
    isrc: metadata?.common.isrc?.[0],
  };

  let lengthMs = 0;
  if (!isStream && context.probeLength) {
    const parsedSeconds = metadata?.format.duration;
    const trusted = fetched.complete || HEADER_DURATION.has(container);
    if (trusted && parsedSeconds && parsedSeconds > 0) {
      lengthMs = parsedSeconds * 1000;
    } else {
      const probe = await context.probe(url.href).catch((error: unknown) => {
        context.logger.warn({ url: url.href, err: error }, 'ffmpeg could not probe the URL');
        return null;
      });
      lengthMs = probe?.durationMs ?? 0;
      tags.title ??= probe?.tags.title;
      tags.artist ??= probe?.tags.artist;
    }
  }

  const icyName = headers.get('icy-name')?.trim() || undefined;
  return {
    container,
    fields: {
      identifier: url.href,
      uri: url.href,
      sourceName: 'http',
      // A station's name is steadier than the tags of whatever song the stream began with.
      title: (isStream ? icyName : undefined) ?? tags.title ?? fileTitle(url) ?? url.hostname,
      author: tags.artist ?? '',
      length: lengthMs,
      isStream,
      isrc: tags.isrc ?? null,
    },
  };
}

/** music-metadata knows the codec; the sniffer only guesses it for a few containers. */
function refine(sniffed: AudioContainer | null, parsed: AudioContainer): AudioContainer {
  return parsed !== 'unknown' ? parsed : (sniffed ?? 'unknown');
}
