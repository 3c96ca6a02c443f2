import {
  decodeTrack,
  type LoadResult,
  type Track,
  type TrackChange,
  TrackCodecError,
} from '../../lavalink/index.ts';
import type { SourceManager } from '../contracts.ts';
import { LavalinkHttpError } from '../lavalink-error.ts';
import { exceptionOf } from './exceptions.ts';

/**
 * `/v4/loadtracks`: asks the sources (which count their failures), turning a throw into an
 * `error` result — the endpoint answers 200 with loadType `error`, as Lavalink does.
 */
export async function loadTracks(sources: SourceManager, identifier: string): Promise<LoadResult> {
  try {
    return await sources.load(identifier);
  } catch (error) {
    return { loadType: 'error', data: exceptionOf(error, 'Something went wrong when looking up the track') };
  }
}

/**
 * Decodes an encoded track for the REST API.
 *
 * @throws LavalinkHttpError 400 when it is not a valid encoded track.
 */
export function decodeOr400(encoded: string, userData: Record<string, unknown> = {}): Track {
  try {
    return { encoded, info: decodeTrack(encoded), pluginInfo: {}, userData };
  } catch (error) {
    if (error instanceof TrackCodecError || error instanceof RangeError) {
      throw new LavalinkHttpError(400, `Failed to decode track: ${error.message}`);
    }
    throw error;
  }
}

/**
 * The track a player update asks for: decoded, or loaded from an identifier that must resolve to
 * one track (Lavalink's rules: a playlist, search result or no match is a 400, a load error a 500).
 *
 * @returns the Track to start, `null` to stop, undefined when the update leaves the track alone.
 */
export async function resolveTrackChange(
  change: TrackChange,
  sources: SourceManager,
): Promise<Track | null | undefined> {
  switch (change.kind) {
    case 'none':
      return undefined;
    case 'stop':
      return null;
    case 'encoded':
      return decodeOr400(change.encoded, change.userData);
    case 'identifier': {
      const result = await loadTracks(sources, change.identifier);
      switch (result.loadType) {
        case 'track':
          return { ...result.data, userData: change.userData ?? result.data.userData ?? {} };
        case 'playlist':
        case 'search':
          throw new LavalinkHttpError(400, 'Cannot play a playlist or search result');
        case 'empty':
          throw new LavalinkHttpError(400, `No matches found for identifier ${change.identifier}`);
        case 'error':
          throw new LavalinkHttpError(500, result.data.message ?? 'The track could not be loaded', true);
      }
    }
  }
}
