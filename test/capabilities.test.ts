import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../src/api/index.ts';
import { createBus } from '../src/bus/index.ts';
import { type AnyCapability, contributionsOf } from '../src/capability/index.ts';
import { parseConfig } from '../src/config/index.ts';
import { type Database, openDatabase } from '../src/db/index.ts';
import { HealthRegistry } from '../src/health/index.ts';
import { JobQueue } from '../src/jobs/index.ts';
import { silentLogger } from '../src/logging/index.ts';
import { createMetricsRegistry } from '../src/metrics/index.ts';
import { capabilities } from '../src/registry/index.ts';
import { guildSettingsSchema } from '../src/settings/index.ts';

/**
 * Every capability's contributions, listed: a command, component, job, table, setting or
 * route that is written but not registered — or registered twice — fails here, not in front
 * of a user.
 */
const SRC = resolve(import.meta.dirname, '..', 'src');
const CORE_TABLES = ['guilds', 'users', 'sessions', 'oauth_login_attempts'];
/** The guild routes the api role serves itself: the bot's view of the server, for every capability. */
const CORE_GUILD_ROUTES = ['GET /channels', 'GET /members', 'GET /roles'];

const expected = {
  settings: {
    commands: ['settings'],
    components: [],
    jobs: [{ name: 'audit.retention', schedule: '17 4 * * *' }],
    tables: ['guild_settings', 'audit_log'],
    routes: ['GET /audit', 'GET /settings', 'GET /settings/schema', 'PATCH /settings'],
  },
  music: {
    commands: [
      'play',
      'search',
      'pause',
      'resume',
      'skip',
      'back',
      'stop',
      'seek',
      'forward',
      'rewind',
      'queue',
      'remove',
      'move',
      'clear',
      'removedupes',
      'leavecleanup',
      'shuffle',
      'loop',
      'volume',
      'filters',
      'replay',
      'join',
      'leave',
      'nowplaying',
      'history',
      'grab',
      'lyrics',
      'autoplay',
      '247',
      'help',
    ],
    components: ['pick', 'queue', 'np', 'history'],
    jobs: [],
    tables: ['music_players', 'play_events'],
    routes: ['GET /events', 'GET /lyrics', 'GET /queue', 'GET /sources', 'POST /queue/operations'],
  },
  playlists: {
    commands: ['playlist'],
    components: ['playlist-page'],
    jobs: [],
    tables: ['playlists', 'playlist_tracks'],
    routes: [
      'DELETE /playlists/:playlistId',
      'DELETE /playlists/:playlistId/tracks/:position',
      'GET /playlists',
      'GET /playlists/:playlistId',
      'PATCH /playlists/:playlistId',
      'POST /playlists',
      'POST /playlists/:playlistId/play',
      'POST /playlists/:playlistId/tracks/move',
    ],
  },
  analytics: {
    commands: [],
    components: [],
    jobs: [],
    tables: [
      'analytics_counts',
      'analytics_windows',
      'member_events',
      'analytics_member_daily',
      'command_uses',
    ],
    routes: ['GET /analytics', 'GET /analytics.csv'],
  },
  history: {
    commands: [],
    components: [],
    jobs: [
      // Imports (src/history/imports): one job per upload, sent by POST /api/me/history/imports.
      { name: 'history.import', schedule: null },
      // Spotify archival (src/history/spotify-link): a round planned every minute, one job per user.
      { name: 'history.archive-round', schedule: '* * * * *' },
      { name: 'history.archive-user', schedule: null },
      // Scrobbling (src/history/scrobbling): drains the outbox every minute.
      { name: 'history.scrobble-send', schedule: '* * * * *' },
    ],
    tables: [
      'history_artists',
      'history_albums',
      'history_tracks',
      'history_track_artists',
      'history_listens',
      'history_settings',
      'history_links',
      'history_link_attempts',
      'history_imports',
      'history_scrobbles',
    ],
    routes: [],
  },
};

function sourceFiles(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path, keep);
    return keep(path) ? [path] : [];
  });
}

describe('the capability registry', () => {
  it('lists what each capability contributes', () => {
    const listed = Object.fromEntries(
      capabilities.map((capability) => {
        const { commands, components, jobs, tables } = contributionsOf(capability);
        return [capability.name, { commands, components, jobs, tables }];
      }),
    );
    const { routes: _s, ...settings } = expected.settings;
    const { routes: _m, ...music } = expected.music;
    const { routes: _p, ...playlists } = expected.playlists;
    const { routes: _a, ...analytics } = expected.analytics;
    const { routes: _h, ...history } = expected.history;
    expect(listed).toEqual({ settings, music, playlists, analytics, history });
  });

  it('registers every slash command and component handler written under a gateway folder', async () => {
    const files = sourceFiles(SRC, (path) => /\/gateway\//.test(path) && /(?<!\.test)\.ts$/.test(path));
    expect(files.length).toBeGreaterThan(20);
    const registered = new Set<unknown>(
      capabilities.flatMap((c) => [...(c.gateway?.commands ?? []), ...(c.gateway?.components ?? [])]),
    );
    const unregistered: string[] = [];
    for (const file of files) {
      for (const [name, value] of Object.entries(await import(file))) {
        const handler =
          typeof value === 'object' &&
          value !== null &&
          (('definition' in value && 'execute' in value) || ('prefix' in value && 'handle' in value));
        if (handler && !registered.has(value)) unregistered.push(`${file.slice(SRC.length + 1)}: ${name}`);
      }
    }
    expect(unregistered).toEqual([]);
  });

  it('gives every table to exactly one capability or the core, and the migrations hold them all', async () => {
    const schemaFiles = readdirSync(SRC).flatMap((dir) => {
      const path = join(SRC, dir, 'schema.ts');
      return sourceFiles(join(SRC, dir), (file) => file === path);
    });
    const declared: PgTable[] = [];
    for (const file of schemaFiles) {
      for (const value of Object.values(await import(file))) if (is(value, PgTable)) declared.push(value);
    }
    const owned = capabilities.flatMap((c) => Object.values(c.tables ?? {}));
    const names = (tables: PgTable[]) => tables.map((table) => getTableConfig(table).name).sort();
    expect(names(declared)).toEqual([...CORE_TABLES, ...names(owned)].sort());
    expect(new Set(names(owned)).size).toBe(owned.length);

    // What `npm run db:generate` would add to the last committed snapshot: nothing.
    const journal = JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8')) as {
      entries: { idx: number }[];
    };
    const last = String(journal.entries.at(-1)!.idx).padStart(4, '0');
    const snapshot = JSON.parse(readFileSync(`drizzle/meta/${last}_snapshot.json`, 'utf8'));
    const current = generateDrizzleJson(Object.fromEntries(declared.map((t) => [getTableConfig(t).name, t])));
    expect(await generateMigration(snapshot, current)).toEqual([]);
  });

  it('gives every guild setting to exactly one capability', () => {
    const owners = capabilities.flatMap((c) => (c.settings ?? []).map(String));
    expect([...owners].sort()).toEqual(Object.keys(guildSettingsSchema.shape).sort());
  });

  describe('routes under /api/guilds/:guildId', () => {
    let database: Database;
    let jobs: JobQueue;
    beforeAll(async () => {
      database = await openDatabase({ kind: 'pglite', dataDir: undefined, logger: silentLogger() });
      jobs = new JobQueue({ database, logger: silentLogger() });
    });
    afterAll(async () => {
      await database?.close();
    });

    async function guildRoutes(
      list: readonly AnyCapability[],
      prefix = '/api/guilds/:guildId/',
    ): Promise<string[]> {
      const bus = await createBus({ instanceId: 'routes', logger: silentLogger(), commandTimeoutMs: 1_000 });
      const metrics = createMetricsRegistry({ instance: 'routes', roles: 'api' });
      const app = buildApiServer({
        logger: silentLogger(),
        health: new HealthRegistry(),
        metrics,
        config: parseConfig({ PUBLIC_URL: 'http://panel.test' }),
        database,
        bus,
        jobs,
        capabilities: list,
      });
      const routes: string[] = [];
      app.addHook('onRoute', (route) => {
        for (const method of [route.method].flat()) {
          if (method !== 'HEAD' && route.url.startsWith(prefix))
            routes.push(`${method} /${route.url.slice(prefix.length)}`);
        }
      });
      await app.ready();
      await app.close();
      await bus.close();
      return routes.sort();
    }

    it('are the core ones and each capability’s own, each behind the guard', async () => {
      expect(await guildRoutes([])).toEqual(CORE_GUILD_ROUTES);
      const all = await guildRoutes(capabilities);
      const own = Object.fromEntries(
        await Promise.all(
          capabilities.map(async (capability) => {
            const added = (await guildRoutes([capability])).filter((r) => !CORE_GUILD_ROUTES.includes(r));
            return [capability.name, added] as const;
          }),
        ),
      );
      expect(own).toEqual(
        Object.fromEntries(Object.entries(expected).map(([name, { routes }]) => [name, routes])),
      );
      expect(all).toEqual([...CORE_GUILD_ROUTES, ...Object.values(own).flat()].sort());
    });

    it('and under /api/me, the user routes of the capabilities that bring them', async () => {
      expect(await guildRoutes(capabilities, '/api/me/')).toEqual([
        'DELETE /history/links/:service',
        'GET /history/imports',
        'GET /history/imports/:id',
        'GET /history/lastfm/callback',
        'GET /history/links',
        'GET /history/listens',
        'GET /history/settings',
        'GET /history/spotify/callback',
        'POST /history/imports',
        'POST /history/lastfm/link',
        'POST /history/links/:service/reset',
        'POST /history/spotify/link',
        'PUT /history/links/listenbrainz',
        'PUT /history/settings',
      ]);
      expect(capabilities.filter((c) => contributionsOf(c).userRoutes).map((c) => c.name)).toEqual([
        'history',
      ]);
    });

    it('and outside both, the server-to-server routes (`api.routes`)', async () => {
      expect(await guildRoutes(capabilities, '/api/cron/')).toEqual(['POST /archive']);
      expect(capabilities.filter((c) => c.api?.routes).map((c) => c.name)).toEqual(['history']);
    });
  });
});
