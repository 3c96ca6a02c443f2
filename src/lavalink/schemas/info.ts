/**
 * Node information and statistics of Lavalink v4: `/v4/info`, `/v4/stats` (docs/api/rest.md)
 * and the stats object of the websocket (docs/api/websocket.md), plus the REST error body.
 */
import { z } from 'zod';

export const versionSchema = z.object({
  /** The full version string. */
  semver: z.string(),
  major: z.number().int(),
  minor: z.number().int(),
  patch: z.number().int(),
  /** Dot-separated pre-release identifiers, or null. */
  preRelease: z.string().nullable(),
  /** Dot-separated build metadata, or null. */
  build: z.string().nullable(),
});
export type Version = z.infer<typeof versionSchema>;

export const gitSchema = z.object({
  branch: z.string(),
  commit: z.string(),
  /** Unix milliseconds. */
  commitTime: z.number().int(),
});

export const pluginSchema = z.object({ name: z.string(), version: z.string() });

export const infoSchema = z.object({
  version: versionSchema,
  /** Unix milliseconds of the build. */
  buildTime: z.number().int(),
  git: gitSchema,
  /** The runtime version (this node reports Node.js's). */
  jvm: z.string(),
  /** The audio engine version. */
  lavaplayer: z.string(),
  sourceManagers: z.array(z.string()),
  filters: z.array(z.string()),
  plugins: z.array(pluginSchema),
});
/** The answer of `GET /v4/info`. */
export type Info = z.infer<typeof infoSchema>;

export const memorySchema = z.object({
  free: z.number().int().min(0),
  used: z.number().int().min(0),
  allocated: z.number().int().min(0),
  reservable: z.number().int().min(0),
});

export const cpuSchema = z.object({
  cores: z.number().int().min(1),
  systemLoad: z.number().min(0),
  lavalinkLoad: z.number().min(0),
});

export const frameStatsSchema = z.object({
  /** Frames sent to Discord per player in the last minute (average over playing players). */
  sent: z.number().int(),
  /** Frames nulled (nothing to send) per player in the last minute. */
  nulled: z.number().int(),
  /** Expected frames (3000 a minute) minus sent and nulled, per player; negative = too many. */
  deficit: z.number().int(),
});
export type FrameStats = z.infer<typeof frameStatsSchema>;

export const statsSchema = z.object({
  players: z.number().int().min(0),
  playingPlayers: z.number().int().min(0),
  /** Milliseconds since the node started. */
  uptime: z.number().int().min(0),
  memory: memorySchema,
  cpu: cpuSchema,
  /** Absent on `/v4/stats` and while there is no minute of frame data; null is accepted too. */
  frameStats: frameStatsSchema.nullable().optional(),
});
/** The Stats object (`/v4/stats` and the `stats` op). */
export type Stats = z.infer<typeof statsSchema>;

export const errorResponseSchema = z.object({
  /** Unix milliseconds. */
  timestamp: z.number().int(),
  status: z.number().int(),
  /** The HTTP status text. */
  error: z.string(),
  /** The stack trace, only when the request had `?trace=true`. */
  trace: z.string().optional(),
  message: z.string(),
  /** The request path (without the query). */
  path: z.string(),
});
/** Lavalink's REST error body. */
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

const SEMVER =
  /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/**
 * Parses a semantic version into Lavalink's Version object.
 *
 * @throws Error when `semver` is not `MAJOR.MINOR.PATCH[-PRE][+BUILD]`.
 */
export function parseVersion(semver: string): Version {
  const match = SEMVER.exec(semver);
  if (!match) throw new Error(`"${semver}" is not a semantic version`);
  return {
    semver,
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    preRelease: match[4] ?? null,
    build: match[5] ?? null,
  };
}
