import { z } from 'zod';
import { type ListenInput, listenSources } from './listen-input.ts';

const name = z.string().trim().min(1).max(1_000);
const spotifyId = z.string().regex(/^[0-9A-Za-z]{22}$/, 'a Spotify id is 22 letters and digits');
const date = z.date().refine((value) => !Number.isNaN(value.getTime()), 'an invalid date');

/**
 * What the archive accepts: the `ListenInput` every path produces, checked before anything is
 * written (a bad row refuses the batch, naming its index and field — paths that must skip
 * malformed rows, like the import, check their own rows first).
 */
export const listenInputSchema: z.ZodType<ListenInput> = z.object({
  userId: z.string().regex(/^\d{17,20}$/, 'a Discord user id'),
  playedAt: date,
  endedAt: date.nullish(),
  msPlayed: z.number().int().min(0).max(2_147_483_647).nullable(),
  source: z.enum(listenSources),
  track: z.object({
    title: name,
    artists: z.array(name).min(1).max(50),
    album: name.nullish(),
    durationMs: z.number().int().min(0).max(2_147_483_647).nullish(),
    spotifyTrackId: spotifyId.nullish(),
    spotifyArtistIds: z.array(spotifyId.nullable()).nullish(),
    spotifyAlbumId: spotifyId.nullish(),
    isrc: z.string().trim().min(1).max(32).nullish(),
  }),
}) as z.ZodType<ListenInput>;

export const listenBatchSchema = z.array(listenInputSchema);
