import { expect } from 'vitest';
import type { LoadResult, Track } from '../../../src/audio/contracts.ts';
import { decodeTrack } from '../../../src/lavalink/index.ts';

/**
 * The track of a `track` load result. Every track must also decode to exactly the info it
 * carries, since that encoded form is what clients and other nodes read.
 */
export function expectTrack(result: LoadResult): Track {
  if (result.loadType !== 'track') throw new Error(`expected a track, got ${JSON.stringify(result)}`);
  expect(decodeTrack(result.data.encoded)).toEqual(result.data.info);
  return result.data;
}
