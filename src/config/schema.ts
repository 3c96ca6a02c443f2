import { hostname } from 'node:os';
import { z } from 'zod';
import { DEFAULT_KEY_PREFIX, keyPrefixSchema } from '../bus/index.ts';
import { parseNetRule } from '../net-guard/index.ts';
import { decodeSecretKey, redactUrlPasswords } from './secrets.ts';

/** Env values of '' count as unset, the way `.env` files and shells usually mean them. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    schema.default(fallback as never),
  );

/**
 * A port a role listens on, where 0 is allowed and means "any free one": the system picks it
 * and the role's ready log line names it (tests bind this way, so no two runs collide).
 */
const portOrAny = (what: string) =>
  z.coerce
    .number({ error: `must be a port number (0-65535, 0 for any free port) for ${what}` })
    .int({ error: `must be a whole port number (0-65535) for ${what}` })
    .min(0, { error: `must be a port number (0-65535) for ${what}` })
    .max(65535, { error: `must be a port number (0-65535) for ${what}` });

const positiveInt = (what: string) =>
  z.coerce
    .number({ error: `must be a positive whole number (${what})` })
    .int({ error: `must be a positive whole number (${what})` })
    .positive({ error: `must be a positive whole number (${what})` });

const urlWithProtocols = (protocols: string[], rule: string) =>
  z.string().refine(
    (value) => {
      try {
        const url = new URL(value);
        return protocols.includes(url.protocol) && url.hostname !== '';
      } catch {
        return false;
      }
    },
    { error: rule },
  );

const postgresUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
      return ['postgres:', 'postgresql:'].includes(url.protocol) && url.hostname !== '' && database !== '';
    } catch {
      return false;
    }
  },
  {
    error:
      'must be a postgres:// URL with a host and a database name (postgres://user:pass@host:5432/db), or unset for the embedded database',
  },
);

/**
 * One audio node entry: `http://NAME:PASSWORD@HOST:PORT` (https for TLS). The user part names
 * the node in logs and metrics; the password is its Lavalink `Authorization`.
 */
export const lavalinkNodeSchema = z.string().transform((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    // The entry is quoted without its password: error lines end up in terminals and CI logs.
    ctx.addIssue({
      code: 'custom',
      message: `"${redactUrlPasswords(value)}" is not a URL like http://name:password@host:2333`,
    });
    return z.NEVER;
  }
  if (!['http:', 'https:'].includes(url.protocol) || !url.hostname) {
    ctx.addIssue({
      code: 'custom',
      message: `"${redactUrlPasswords(value)}" must be http(s)://name:password@host:port`,
    });
    return z.NEVER;
  }
  return {
    id: decodeURIComponent(url.username) || url.host,
    host: url.hostname,
    // URL drops a port equal to the scheme's default.
    port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
    password: decodeURIComponent(url.password),
    secure: url.protocol === 'https:',
  };
});

export type LavalinkNodeConfig = z.output<typeof lavalinkNodeSchema>;

/** A comma-separated list of addresses, CIDR ranges or host names (AUDIO_HTTP_ALLOW/DENY). */
const netRuleList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  )
  .superRefine((entries, ctx) => {
    for (const entry of entries) {
      const rule = parseNetRule(entry);
      if (typeof rule === 'string') ctx.addIssue({ code: 'custom', message: rule });
    }
  });

/** The audio node's password may be the well-known default only while it listens on loopback. */
const MIN_REMOTE_AUDIO_PASSWORD = 16;

/** Lavalink's well-known default; on loopback the audio role replaces it with a generated one. */
export const DEFAULT_AUDIO_PASSWORD = 'youshallnotpass';

/** Milliseconds per unit of a rate's window (`MUSIC_ADD_RATE`). */
const rateUnits = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/**
 * `COUNT/WINDOW` (`5/10s`): a member may add COUNT times at once, and COUNT per WINDOW after
 * that, evenly spread; `off` for no limit.
 */
const addRateSchema = z.string().transform((value, ctx) => {
  const text = value.trim().toLowerCase();
  if (text === 'off') return null;
  const match = /^(\d{1,4})\s*\/\s*(\d{0,7})\s*(ms|s|m|h)$/.exec(text);
  const count = Number(match?.[1]);
  const windowMs = Number(match?.[2] || 1) * rateUnits[(match?.[3] ?? 's') as keyof typeof rateUnits];
  if (!match || count < 1 || windowMs < 1) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be COUNT/WINDOW like 5/10s (adds per window per member; units ms, s, m, h), or off',
    });
    return z.NEVER;
  }
  return { count, windowMs };
});

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Every environment variable Gramophone reads. `docs/configuration.md` and `.env.example`
 * document each one; `config.test.ts` checks that they stay in step with this schema.
 */
export const envSchema = z
  .object({
    LOG_LEVEL: withDefault(z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }), 'info'),
    LOG_FORMAT: withDefault(
      z.enum(['auto', 'pretty', 'json'], { error: 'must be auto, pretty or json' }),
      'auto',
    ),
    INSTANCE_ID: withDefault(
      z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, {
        error: 'must be 1-64 letters, digits, dots, dashes or underscores',
      }),
      `${hostname()
        .replace(/[^A-Za-z0-9._-]/g, '-')
        .slice(0, 48)}-${process.pid}`,
    ),

    HOST: withDefault(z.string().min(1), '127.0.0.1'),
    PORT: withDefault(portOrAny('the api role (dashboard and REST API)'), 3000),
    METRICS_PORT: optional(portOrAny('the metrics and health endpoint of roles other than api')),

    DATA_DIR: withDefault(z.string().min(1, { error: 'must be a folder path' }), './data'),
    DATABASE_URL: optional(postgresUrl),
    DATABASE_POOL_MAX: withDefault(positiveInt('connections in the PostgreSQL pool'), 10),
    REDIS_URL: optional(
      urlWithProtocols(
        ['redis:', 'rediss:'],
        'must be a redis:// or rediss:// URL (redis://127.0.0.1:6379), or unset for the in-memory bus',
      ),
    ),
    /** Start of every Redis key and channel name (bus, rate limits): deployments sharing a Redis differ here. */
    REDIS_KEY_PREFIX: withDefault(keyPrefixSchema, DEFAULT_KEY_PREFIX),
    BUS_COMMAND_TIMEOUT_MS: withDefault(positiveInt('milliseconds a bus command waits for its reply'), 5000),

    AUDIT_RETENTION_DAYS: withDefault(positiveInt('days an audit entry is kept'), 365),

    AUDIO_HOST: withDefault(z.string().min(1), '127.0.0.1'),
    AUDIO_PORT: withDefault(portOrAny('the built-in audio node (Lavalink v4)'), 2333),
    AUDIO_PASSWORD: withDefault(z.string().min(1, { error: 'must not be empty' }), DEFAULT_AUDIO_PASSWORD),
    /** Folders the built-in node may play files from (and search with `localsearch:`). */
    AUDIO_LOCAL_DIRS: optional(
      z
        .string()
        .transform((value) =>
          value
            .split(',')
            .map((dir) => dir.trim())
            .filter((dir) => dir !== ''),
        )
        .pipe(z.array(z.string()).min(1, { error: 'must list at least one folder (comma-separated)' })),
    ),
    AUDIO_PLAYER_UPDATE_INTERVAL_MS: withDefault(
      positiveInt('milliseconds between playerUpdate messages to Lavalink clients'),
      5000,
    ),
    /** Addresses, CIDR ranges or host names the audio node may fetch from although private. */
    AUDIO_HTTP_ALLOW: optional(netRuleList),
    /** Addresses, CIDR ranges or host names the audio node never fetches from. */
    AUDIO_HTTP_DENY: optional(netRuleList),
    AUDIO_MAX_CONCURRENT_PROBES: withDefault(positiveInt('ffmpeg probes the audio node runs at once'), 4),
    /** Host names the node's HTTP/websocket `Host` header may carry besides loopback ones. */
    AUDIO_ALLOWED_HOSTS: optional(
      z.string().transform((value) =>
        value
          .split(',')
          .map((name) => name.trim())
          .filter((name) => name !== ''),
      ),
    ),
    /** The ffmpeg binary; else `ffmpeg` on PATH, else the npm-packaged build (with a warning). */
    FFMPEG_PATH: optional(z.string().min(1)),

    // Mirrored links (#14): yt-dlp, and the metadata APIs of Spotify, Apple Music and Deezer.
    /** The yt-dlp executable the audio node runs; else `yt-dlp` on PATH (YouTube, SoundCloud, mirrored links). */
    YT_DLP_PATH: optional(z.string().min(1)),
    /** A Spotify app's client id (developer.spotify.com): Spotify links resolve only with it and the secret. */
    SPOTIFY_CLIENT_ID: optional(
      z.string().regex(/^[0-9A-Za-z]{8,64}$/, { error: 'must be a Spotify app client id' }),
    ),
    SPOTIFY_CLIENT_SECRET: optional(z.string().min(8, { error: 'must be the Spotify app client secret' })),
    SPOTIFY_API_URL: withDefault(
      urlWithProtocols(['http:', 'https:'], 'must be an http(s):// URL of Spotify’s Web API base (…/v1)'),
      'https://api.spotify.com/v1',
    ),
    SPOTIFY_ACCOUNTS_URL: withDefault(
      urlWithProtocols(['http:', 'https:'], 'must be an http(s):// URL of Spotify’s accounts service'),
      'https://accounts.spotify.com',
    ),
    DEEZER_API_URL: withDefault(
      urlWithProtocols(['http:', 'https:'], 'must be an http(s):// URL of Deezer’s API'),
      'https://api.deezer.com',
    ),
    /** A MusicKit developer token: ISRCs and playlists for Apple Music links (else the iTunes lookup). */
    APPLE_MUSIC_TOKEN: optional(z.string().min(16, { error: 'must be a MusicKit developer token (a JWT)' })),
    APPLE_MUSIC_API_URL: withDefault(
      urlWithProtocols(['http:', 'https:'], 'must be an http(s):// URL of the Apple Music API base (…/v1)'),
      'https://api.music.apple.com/v1',
    ),
    ITUNES_API_URL: withDefault(
      urlWithProtocols(['http:', 'https:'], 'must be an http(s):// URL of the iTunes lookup API'),
      'https://itunes.apple.com',
    ),
    MIRROR_PLAYLIST_MAX: withDefault(
      positiveInt('tracks a Spotify, Apple Music or Deezer album or playlist link loads at most'),
      500,
    ),
    // Listening-history import files (src/history/import): caps against oversized uploads and zip bombs.
    /** Largest history import file accepted (zip or JSON), in bytes. */
    HISTORY_IMPORT_MAX_BYTES: withDefault(
      positiveInt('bytes of the largest history import file accepted'),
      2 * 1024 ** 3,
    ),
    /** Largest total the history files inside an import zip may unpack to, in bytes. */
    HISTORY_IMPORT_MAX_UNCOMPRESSED_BYTES: withDefault(
      positiveInt('bytes the history files in an import zip may unpack to at most'),
      8 * 1024 ** 3,
    ),
    // Spotify archival (#15, src/history/spotify-link): polling rounds and the per-user breaker.
    /** Minutes between two polls of each linked Spotify account (Spotify keeps only the last 50 plays). */
    SPOTIFY_POLL_MINUTES: withDefault(
      positiveInt('minutes between Spotify archival rounds, SPOTIFY_POLL_MINUTES').max(1440, {
        error: 'must be at most 1440 (SPOTIFY_POLL_MINUTES: one round a day at least)',
      }),
      30,
    ),
    /** Consecutive failed rounds of one user that pause their archival (the breaker opens). */
    HISTORY_BREAKER_FAILURES: withDefault(
      positiveInt('failed archival rounds that open a user’s breaker, HISTORY_BREAKER_FAILURES'),
      5,
    ),
    /** How long an open breaker pauses the user's archival before one trial round. */
    HISTORY_BREAKER_COOLDOWN_MINUTES: withDefault(
      positiveInt('minutes an open archival breaker waits, HISTORY_BREAKER_COOLDOWN_MINUTES'),
      60,
    ),
    /** Key of `POST /api/cron/archive`'s HMAC signature (an outside scheduler); unset: that route is 404. */
    CRON_SIGNING_KEY: optional(
      z
        .string()
        .min(32, { error: 'must be at least 32 characters (CRON_SIGNING_KEY, e.g. openssl rand -hex 32)' }),
    ),
    // Scrobbling voice plays (#15, src/history/scrobble): ListenBrainz and Last.fm.
    /** ListenBrainz's API root (`/1/submit-listens` is added); another for a self-hosted LB or the emulator. */
    LISTENBRAINZ_API_URL: withDefault(
      urlWithProtocols(
        ['http:', 'https:'],
        'must be an http(s):// URL of the ListenBrainz API (LISTENBRAINZ_API_URL)',
      ),
      'https://api.listenbrainz.org',
    ),
    /** Last.fm's API root (`/2.0/` is added). */
    LASTFM_API_URL: withDefault(
      urlWithProtocols(
        ['http:', 'https:'],
        'must be an http(s):// URL of the Last.fm API root (LASTFM_API_URL)',
      ),
      'https://ws.audioscrobbler.com',
    ),
    /** Last.fm's web-auth page, where users approve the app. */
    LASTFM_AUTH_URL: withDefault(
      urlWithProtocols(
        ['http:', 'https:'],
        'must be an http(s):// URL of Last.fm’s web-auth page (LASTFM_AUTH_URL)',
      ),
      'https://www.last.fm/api/auth/',
    ),
    /** A Last.fm API account's key (last.fm/api/account/create): Last.fm linking needs it and the secret. */
    LASTFM_API_KEY: optional(
      z
        .string()
        .regex(/^[0-9a-f]{32}$/i, { error: 'must be a Last.fm API key: 32 hex characters (LASTFM_API_KEY)' }),
    ),
    LASTFM_SHARED_SECRET: optional(
      z.string().regex(/^[0-9a-f]{32}$/i, {
        error: 'must be the Last.fm API account’s shared secret: 32 hex characters (LASTFM_SHARED_SECRET)',
      }),
    ),
    LAVALINK_NODES: optional(
      z
        .string()
        .transform((value) => value.split(',').filter((entry) => entry.trim() !== ''))
        .pipe(z.array(lavalinkNodeSchema).min(1, { error: 'must list at least one node' })),
    ),

    /** How fast one member may add tracks in one guild (/play, the panel's add): `5/10s`, or `off`. */
    MUSIC_ADD_RATE: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      // zod's default is the output value, not the string '5/10s'.
      addRateSchema.default({ count: 5, windowMs: 10_000 }),
    ),

    // ---- Lyrics (/lyrics and the panel's lyrics) ----
    /** Where lyrics come from: `lrclib` (LRCLIB's open API, the default) or `none` (lyrics off). */
    LYRICS_PROVIDER: withDefault(
      z.enum(['lrclib', 'none'], { error: 'must be lrclib or none (LYRICS_PROVIDER)' }),
      'lrclib',
    ),
    /** LRCLIB's base URL; another for a mirror or a self-hosted LRCLIB. */
    LYRICS_LRCLIB_URL: withDefault(
      urlWithProtocols(
        ['http:', 'https:'],
        'must be an http(s):// URL of an LRCLIB server (https://lrclib.net)',
      ),
      'https://lrclib.net',
    ),

    DISCORD_TOKEN: optional(z.string().min(20, { error: 'must be a bot token from the Developer Portal' })),
    DISCORD_API_URL: withDefault(
      urlWithProtocols(['http:', 'https:'], 'must be an http(s):// URL of Discord’s REST API base'),
      'https://discord.com/api',
    ),
    DISCORD_CLIENT_ID: optional(
      z.string().regex(/^\d{15,21}$/, { error: 'must be the application id (a Discord id)' }),
    ),
    DISCORD_CLIENT_SECRET: optional(z.string().min(8, { error: 'must be the OAuth2 client secret' })),
    DISCORD_OAUTH_AUTHORIZE_URL: withDefault(
      urlWithProtocols(['http:', 'https:'], 'must be an http(s):// URL of Discord’s OAuth2 authorize page'),
      'https://discord.com/oauth2/authorize',
    ),
    /**
     * Record member joins and leaves for analytics. Needs the privileged Server Members intent,
     * which Discord refuses (close 4014) unless it is switched on in the Developer Portal.
     */
    DISCORD_MEMBER_EVENTS: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      // zod's default is the output value: false, not the string 'false'.
      z
        .enum(['true', 'false'], { error: 'must be true or false' })
        .transform((value) => value === 'true')
        .default(false),
    ),
    /**
     * Song-request channels (issue 14): ask for guild messages and the privileged Message
     * Content intent, which Discord refuses (close 4014) unless switched on in the Developer Portal.
     */
    DISCORD_MESSAGE_CONTENT: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      z
        .enum(['true', 'false'], { error: 'must be true or false' })
        .transform((value) => value === 'true')
        .default(false),
    ),
    /**
     * Lets the sandbox (no DISCORD_TOKEN, anyone at the panel plays its demo users) run with a
     * non-loopback HOST. Off by default: then such a start is refused.
     */
    SANDBOX_ALLOW_REMOTE: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      z
        .enum(['true', 'false'], { error: 'must be true or false' })
        .transform((value) => value === 'true')
        .default(false),
    ),
    /** Where the sandbox's local Discord emulator listens when DISCORD_TOKEN is unset (on 127.0.0.1). */
    SANDBOX_PORT: withDefault(
      portOrAny('the sandbox Discord emulator (used while DISCORD_TOKEN is unset)'),
      3010,
    ),
    TRUST_PROXY: optional(
      z
        .string()
        .regex(/^(true|false|\d{1,2}|[0-9a-fA-F.:/,\s]+)$/, {
          error: 'must be true, false, a number of proxy hops, or comma-separated proxy addresses/CIDRs',
        })
        .transform((value): boolean | number | string => {
          if (value === 'true' || value === 'false') return value === 'true';
          return /^\d+$/.test(value) ? Number(value) : value.replaceAll(/\s/g, '');
        }),
    ),
    /**
     * The panel API's rate-limit tiers, requests per minute per client: `strict,normal,lenient`
     * (default 20,300,1200). Strict covers login and exports; lenient, streams and polls.
     */
    API_RATE_LIMITS: optional(
      z
        .string()
        .regex(/^\s*\d+\s*,\s*\d+\s*,\s*\d+\s*$/, {
          error: 'must be three numbers of requests per minute: strict,normal,lenient (e.g. 20,300,1200)',
        })
        .transform((value) => {
          const [strict, normal, lenient] = value.split(',').map((n) => Number(n.trim()));
          const tier = (max: number | undefined) => ({ max: Math.max(1, max ?? 1), timeWindow: 60_000 });
          return { strict: tier(strict), normal: tier(normal), lenient: tier(lenient) };
        }),
    ),
    /**
     * Keys other services send as `Authorization: Bearer <key>` to `/api/bot/*`; several so a key
     * can be rotated without downtime. Unset: the bot API answers 503 BOT_API_DISABLED.
     */
    BOT_API_KEYS: optional(
      z
        .string()
        .transform((value) =>
          value
            .split(',')
            .map((key) => key.trim())
            .filter((key) => key !== ''),
        )
        .pipe(
          z
            .array(
              z.string().regex(/^[\x21-\x7e]{32,256}$/, {
                error:
                  'each key must be 32-256 visible ASCII characters without commas (e.g. openssl rand -hex 32)',
              }),
            )
            .min(1, { error: 'must list at least one key (comma-separated)' }),
        ),
    ),
    /**
     * The key that encrypts what the panel keeps of Discord (users' OAuth tokens): 32 random bytes
     * as hex or base64. Unset: generated in DATA_DIR on a single machine; required with DATABASE_URL.
     */
    SECRET_KEY: optional(
      z.string().refine((value) => decodeSecretKey(value) !== null, {
        error: 'must be 32 random bytes as 64 hex digits or base64 (openssl rand -base64 32)',
      }),
    ),
    PUBLIC_URL: optional(
      urlWithProtocols(
        ['http:', 'https:'],
        'must be the http(s):// URL people open the control panel at (https://panel.example.com)',
      ),
    ),

    SHUTDOWN_TIMEOUT_MS: withDefault(positiveInt('milliseconds to drain before exiting'), 10_000),
  })
  .superRefine((config, ctx) => {
    if (Boolean(config.SPOTIFY_CLIENT_ID) !== Boolean(config.SPOTIFY_CLIENT_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: [config.SPOTIFY_CLIENT_ID ? 'SPOTIFY_CLIENT_SECRET' : 'SPOTIFY_CLIENT_ID'],
        message:
          'must be set together with SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET (both from the Spotify app)',
      });
    }
    if (Boolean(config.LASTFM_API_KEY) !== Boolean(config.LASTFM_SHARED_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: [config.LASTFM_API_KEY ? 'LASTFM_SHARED_SECRET' : 'LASTFM_API_KEY'],
        message:
          'must be set together with LASTFM_API_KEY and LASTFM_SHARED_SECRET (both from the Last.fm API account)',
      });
    }
    // Beyond loopback the password is all that guards the node; the default is public knowledge.
    const host = config.AUDIO_HOST.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    const loopback = host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
    const password = config.AUDIO_PASSWORD;
    if (!loopback && (password === DEFAULT_AUDIO_PASSWORD || password.length < MIN_REMOTE_AUDIO_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUDIO_PASSWORD'],
        message: `must be set to at least ${MIN_REMOTE_AUDIO_PASSWORD} characters, not the default, when AUDIO_HOST (${config.AUDIO_HOST}) is not loopback (e.g. openssl rand -hex 24)`,
      });
    }
  });

export type Config = z.output<typeof envSchema>;
export type ConfigKey = keyof Config;
