import { z } from 'zod';

/**
 * Spotify's answers as this client reads them: only the fields it uses, loose everywhere else,
 * and tolerant of what 2026 development-mode apps no longer get (popularity, followers, email).
 */
const artist = z.looseObject({ id: z.string().nullish(), name: z.string().nullish() });

export const trackSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  duration_ms: z.number().nullish(),
  is_local: z.boolean().nullish(),
  artists: z.array(artist).nullish(),
  album: z.looseObject({ id: z.string().nullish(), name: z.string().nullish() }).nullish(),
  external_ids: z.looseObject({ isrc: z.string().nullish() }).nullish(),
});
export type SpotifyTrackObject = z.infer<typeof trackSchema>;

export const recentlyPlayedSchema = z.looseObject({
  items: z.array(
    z.looseObject({
      // Null for what is no longer a track (an episode, a removed item): skipped.
      track: z.unknown(),
      played_at: z.iso.datetime({ offset: true }),
      context: z.looseObject({ uri: z.string().nullish() }).nullish(),
    }),
  ),
  next: z.string().nullish(),
  cursors: z.looseObject({ after: z.string().nullish(), before: z.string().nullish() }).nullish(),
  limit: z.number().nullish(),
});

export const tokenSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().nullish(),
  expires_in: z.number().positive(),
  refresh_token: z.string().min(1).nullish(),
  scope: z.string().nullish(),
});

export const meSchema = z.looseObject({ id: z.string().min(1), display_name: z.string().nullish() });

/** The accounts service's errors: `{"error":"invalid_grant","error_description":"…"}`. */
export const oauthErrorSchema = z.looseObject({
  error: z.string(),
  error_description: z.string().nullish(),
});

/** The Web API's errors: `{"error":{"status":403,"message":"…"}}`. */
export const apiErrorSchema = z.looseObject({
  error: z.looseObject({ status: z.number().nullish(), message: z.string().nullish() }),
});
