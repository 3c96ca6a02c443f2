import { translator } from '../i18n/index.ts';
import { formatDuration } from '../interactions/index.ts';
import { type LoadResult, loadResultSchema, type Track } from '../lavalink/index.ts';
import type { GuildSettings } from '../settings/index.ts';
import {
  type AccessContext,
  type Actor,
  isDj,
  requireDj,
  requireSameChannel,
  votesNeeded,
} from './access.ts';
import { type AddRate, AddRateLimiter, DEFAULT_ADD_RATE } from './add-rate-limiter.ts';
import type {
  OperationOutcome,
  OperationResult,
  PlayableSources,
  QueuedTrack,
  QueueOperation,
  QueueSnapshot,
} from './contract.ts';
import { filterSetAfter, parseFilterSet } from './filter-presets.ts';
import { requireAllowedVoiceChannel } from './gateway/channel-rules.ts';
import type { GuildSession } from './guild-session.ts';
import type { MusicEngine } from './music-engine.ts';
import { MusicError } from './music-error.ts';
import {
  addTracks,
  clearUpcoming,
  currentTrack,
  indexAfterSkip,
  moveUpcoming,
  removeDuplicateUpcoming,
  removeUpcoming,
  removeUpcomingWhere,
  shuffleUpcoming,
  upcomingIndex,
  upcomingTracks,
} from './queue-model.ts';
import { snapshotOf } from './snapshot.ts';
import { withCleanText } from './track-text.ts';

/** A resolved query: one or more tracks, from a link, a file, a playlist or a search. */
export interface Resolved {
  tracks: Track[];
  playlistName: string | null;
  /** The query was words: the tracks are candidates to pick from. */
  isSearch: boolean;
}

const URL_OR_PATH = /^(https?:\/\/|file:\/\/|\/)/i;

/**
 * The audio node's search prefixes and where each looks. A query that starts with one names its
 * source itself and is passed on as it is (the node matches them case-sensitively).
 */
const SEARCH_SOURCES = {
  localsearch: 'local',
  ytsearch: 'youtube',
  ytmsearch: 'youtubeMusic',
  scsearch: 'soundcloud',
} as const;
type SearchPrefix = keyof typeof SEARCH_SOURCES;
const NAMED_SEARCH = /^(localsearch|ytsearch|ytmsearch|scsearch):(.*)$/s;

/**
 * Where a load looked, as `NO_MATCHES` carries it in `source`: a search source, or `link` for
 * a link or file path. The refusal's `where` says it in words (English here; the slash
 * commands put the user's language in).
 */
export type LoadSource = (typeof SEARCH_SOURCES)[SearchPrefix] | 'link';
export const loadSources: readonly LoadSource[] = [...Object.values(SEARCH_SOURCES), 'link'];

const english = translator('en');

/** Who a load is for: a member adding tracks, whose adds are rate-limited in that guild. */
export interface Requester {
  guildId: string;
  userId: string;
}

export interface EnqueueOptions {
  next?: boolean | undefined;
  now?: boolean | undefined;
  playlistName?: string | null;
  textChannelId: string | null;
  /** The guild's settings when the caller has just read them (as for `execute`). */
  settings?: GuildSettings | undefined;
}

export interface MusicServiceOptions {
  /** How fast one member may add tracks in a guild (`MUSIC_ADD_RATE`); null: no limit. */
  addRate?: AddRate | null;
  /** The limiter's clock (ms). */
  now?: () => number;
}

/**
 * The music operations with their rules: who may do what (DJ, same channel, votes), the
 * guild's caps, and what each does to the queue. Used by the slash commands and, over the
 * bus, by the control panel.
 */
export class MusicService {
  private readonly addLimiter: AddRateLimiter | null;

  constructor(
    private readonly engine: MusicEngine,
    options: MusicServiceOptions = {},
  ) {
    const rate = options.addRate === undefined ? DEFAULT_ADD_RATE : options.addRate;
    this.addLimiter = rate ? new AddRateLimiter(rate, options.now) : null;
  }

  /** The sources of the connected audio nodes, merged (as `/v4/info` lists them). */
  playableSources(): PlayableSources {
    const nodes = [...this.engine.lavalink.nodeManager.nodes.values()].filter((node) => node.connected);
    const sources = new Set(nodes.flatMap((node) => node.info?.sourceManagers ?? []));
    return { sources: [...sources].sort(), nodesConnected: nodes.length };
  }

  async snapshot(guildId: string): Promise<QueueSnapshot> {
    const session = await this.engine.session(guildId);
    return snapshotOf(session.record, session.estimatedPosition());
  }

  /**
   * Loads a link, a file path, or searches words on the audio node. For a `requester` (a member
   * adding tracks) it is one of their adds: beyond their rate it is refused (ADD_RATE_LIMITED)
   * before the node is asked anything. `null` (autoplay, the bot itself) is not counted; it is a
   * required argument so that no caller forgets to say whom a load is for.
   */
  async resolve(query: string, requester: Requester | null): Promise<Resolved> {
    const node = this.engine.lavalink.nodeManager.leastUsedNodes('playingPlayers')[0];
    if (!node?.connected) throw new MusicError('AUDIO_UNAVAILABLE');
    if (requester) this.addLimiter?.take(requester.guildId, requester.userId);
    const resolved = await this.load(node, query);
    return { ...resolved, tracks: resolved.tracks.map(withCleanText) };
  }

  private async load(
    node: { request: (path: string) => Promise<unknown>; info?: { sourceManagers?: string[] } | null },
    query: string,
  ): Promise<Resolved> {
    const named = NAMED_SEARCH.exec(query);
    const isSearch = named !== null || !URL_OR_PATH.test(query);
    const prefix: SearchPrefix | null = named
      ? (named[1] as SearchPrefix)
      : isSearch
        ? searchPrefix(node.info?.sourceManagers ?? [])
        : null;
    const identifier = prefix && !named ? `${prefix}:${query}` : query;
    const source: LoadSource = prefix ? SEARCH_SOURCES[prefix] : 'link';
    const noMatches = () =>
      new MusicError('NO_MATCHES', {
        query: (named?.[2] ?? query).slice(0, 100),
        source,
        where: english(`search.where.${source}`),
      });
    let result: LoadResult;
    try {
      const raw = await node.request(`/loadtracks?identifier=${encodeURIComponent(identifier)}`);
      result = loadResultSchema.parse(raw);
    } catch {
      throw new MusicError('LOAD_FAILED', { query: query.slice(0, 100) });
    }
    switch (result.loadType) {
      case 'track':
        return { tracks: [result.data], playlistName: null, isSearch };
      case 'search':
        if (result.data.length === 0) throw noMatches();
        return { tracks: result.data, playlistName: null, isSearch };
      case 'playlist':
        if (result.data.tracks.length === 0) throw noMatches();
        return { tracks: result.data.tracks, playlistName: result.data.info.name, isSearch: false };
      case 'empty':
        throw noMatches();
      case 'error':
        throw new MusicError('LOAD_FAILED', {
          query: query.slice(0, 100),
          reason: result.data.message ?? '',
        });
    }
  }

  /** Applies one operation for `actor`, with every check, and returns the new queue. */
  async execute(
    guildId: string,
    actor: Actor,
    operation: QueueOperation,
    textChannelId: string | null = null,
    /** The guild's settings when the caller has just read them (a slash command has). */
    known?: GuildSettings,
  ): Promise<OperationResult> {
    if (operation.type === 'add') {
      // Loading may take seconds: do it before taking the guild's turn.
      const resolved = await this.resolve(operation.query, { guildId, userId: actor.userId });
      const tracks = resolved.isSearch ? resolved.tracks.slice(0, 1) : resolved.tracks;
      return this.enqueue(guildId, actor, tracks, {
        ...operation,
        playlistName: resolved.playlistName,
        textChannelId,
        settings: known,
      });
    }
    const session = await this.engine.session(guildId);
    const settings = known ?? (await this.engine.options.settings(guildId));
    const { value: outcome, snapshot } = await session.run(() =>
      this.engine.transact(session, operation.type, () =>
        this.apply(session, this.access(session, actor, settings), settings, operation, textChannelId),
      ),
    );
    return { snapshot, outcome };
  }

  /** Adds resolved tracks (from a pick list, a playlist, or `add`). */
  async enqueue(
    guildId: string,
    actor: Actor,
    tracks: Track[],
    options: EnqueueOptions,
  ): Promise<OperationResult> {
    const session = await this.engine.session(guildId);
    const settings = options.settings ?? (await this.engine.options.settings(guildId));
    const { value: outcome, snapshot } = await session.run(() =>
      this.engine.transact(session, 'add', () => this.add(session, actor, tracks, options, settings)),
    );
    return { snapshot, outcome };
  }

  /** `enqueue`'s change, in the guild's turn. */
  private async add(
    session: GuildSession,
    actor: Actor,
    tracks: Track[],
    options: EnqueueOptions,
    settings: GuildSettings,
  ): Promise<OperationOutcome> {
    const guildId = session.guildId;
    const access = this.access(session, actor, settings);
    requireSameChannel(access);
    if (options.next || options.now) requireDj(access);
    const maxMs = settings.maxTrackLengthSeconds * 1000;
    const fitting = maxMs > 0 ? tracks.filter((t) => t.info.isStream || t.info.length <= maxMs) : tracks;
    if (fitting.length === 0) throw new MusicError('TRACK_TOO_LONG', { max: settings.maxTrackLengthSeconds });
    const room = settings.maxQueueLength - upcomingTracks(session.record).length;
    if (room <= 0) throw new MusicError('QUEUE_FULL', { max: settings.maxQueueLength });
    const added: QueuedTrack[] = fitting.slice(0, room).map((track) => ({
      encoded: track.encoded,
      // Tracks also come from pick lists and playlists saved before titles were cleaned.
      info: withCleanText(track).info,
      requesterId: actor.userId,
      addedAt: new Date().toISOString(),
    }));
    const wasIdle = !currentTrack(session.record);
    const position = options.next || options.now ? 1 : upcomingTracks(session.record).length + 1;
    let resumeCurrent = false;
    if (!this.engine.player(guildId) || !session.record.voiceChannelId) {
      requireAllowedVoiceChannel(settings, actor.voiceChannelId);
      await this.engine.connect(session, actor.voiceChannelId as string, options.textChannelId);
      // A track cut off by /leave (or a lost channel) picks up where it stopped.
      resumeCurrent = !wasIdle && !options.now;
    }
    session.record = addTracks(session.record, added, { next: Boolean(options.next || options.now) });
    const player = this.engine.player(guildId);
    const current = currentTrack(session.record);
    if (resumeCurrent && player && current) {
      await this.engine.startTrack(session, player, current, session.estimatedPosition());
    }
    const startNow = wasIdle || Boolean(options.now);
    if (startNow)
      await this.engine.playAt(session, indexAfterSkip({ ...session.record, loop: 'off' }), 'skipped');
    return {
      kind: 'added',
      titles: added.map((t) => t.info.title),
      playlistName: options.playlistName ?? null,
      position: startNow ? 0 : position,
      startedNow: startNow,
      skippedTooLong: tracks.length - fitting.length,
    };
  }

  private access(session: GuildSession, actor: Actor, settings: GuildSettings): AccessContext {
    return {
      actor,
      djRoleId: settings.djRoleId,
      playerChannelId: this.engine.player(session.guildId) ? session.record.voiceChannelId : null,
      listenerIds: this.engine.listeners(session),
    };
  }

  private async apply(
    session: GuildSession,
    access: AccessContext,
    settings: GuildSettings,
    operation: Exclude<QueueOperation, { type: 'add' }>,
    textChannelId: string | null,
  ): Promise<OperationOutcome> {
    const done = { kind: 'done' } as const;
    if (operation.type === 'join') {
      requireSameChannel({ ...access, playerChannelId: null });
      requireAllowedVoiceChannel(settings, access.actor.voiceChannelId);
      await this.engine.connect(session, access.actor.voiceChannelId as string, textChannelId);
      const track = currentTrack(session.record);
      const player = this.engine.player(session.guildId);
      if (track && player && !player.queue.current)
        await this.engine.startTrack(session, player, track, session.estimatedPosition());
      return done;
    }
    const player = this.engine.player(session.guildId);
    if (!player || !session.record.voiceChannelId) throw new MusicError('NO_PLAYER');
    requireSameChannel(access);
    const record = session.record;
    switch (operation.type) {
      case 'skip': {
        if (!currentTrack(record)) throw new MusicError('NOTHING_PLAYING');
        if (operation.to !== undefined) {
          requireDj(access);
          const index = upcomingIndex(record, operation.to);
          if (index === null) throw new MusicError('BAD_POSITION', { max: upcomingTracks(record).length });
          await this.engine.playAt(session, index, 'skipped');
          return done;
        }
        const own = currentTrack(record)?.requesterId === access.actor.userId;
        if (!own && !isDj(access)) {
          if (session.skipVotes.has(access.actor.userId)) throw new MusicError('ALREADY_VOTED');
          session.skipVotes.add(access.actor.userId);
          const listeners = new Set(access.listenerIds);
          const votes = [...session.skipVotes].filter((id) => listeners.has(id)).length;
          const needed = votesNeeded(listeners.size, settings.voteSkipRatio);
          if (votes < needed) return { kind: 'voted', votes, needed };
        }
        await this.engine.playAt(session, indexAfterSkip(record), 'skipped');
        return done;
      }
      case 'remove': {
        const target = removeUpcoming(record, operation.from, operation.to ?? operation.from);
        if (!target) throw new MusicError('BAD_POSITION', { max: upcomingTracks(record).length });
        const othersTracks = target.removed.some((t) => t.requesterId !== access.actor.userId);
        if (othersTracks) requireDj(access);
        session.record = target.order;
        return { kind: 'removed', titles: target.removed.map((t) => t.info.title) };
      }
      case 'removeDuplicates':
      case 'removeLeavers': {
        // Tracks of members who are not in the bot's channel; autoplay's (no requester) stay.
        const here = new Set(access.listenerIds);
        const target =
          operation.type === 'removeDuplicates'
            ? removeDuplicateUpcoming(record)
            : removeUpcomingWhere(record, (t) => t.requesterId !== null && !here.has(t.requesterId));
        // As /remove: taking out someone else's track needs a DJ.
        if (target.removed.some((t) => t.requesterId !== access.actor.userId)) requireDj(access);
        session.record = target.order;
        return { kind: 'removed', titles: target.removed.map((t) => t.info.title) };
      }
      default:
        break;
    }
    requireDj(access);
    switch (operation.type) {
      case 'pause':
      case 'resume': {
        if (!currentTrack(record)) throw new MusicError('NOTHING_PLAYING');
        const paused = operation.type === 'pause';
        session.setPosition(session.estimatedPosition());
        if (paused) await player.pause();
        else await player.resume();
        session.setPaused(paused);
        return done;
      }
      case 'back': {
        if (record.currentIndex <= 0) throw new MusicError('NOTHING_BEFORE');
        await this.engine.playAt(session, record.currentIndex - 1, 'skipped');
        return done;
      }
      case 'stop':
        await this.engine.playAt(session, -1, 'stopped');
        session.record = { ...session.record, tracks: [], currentIndex: -1 };
        return done;
      case 'seek':
      case 'seekBy': {
        const track = currentTrack(record);
        if (!track) throw new MusicError('NOTHING_PLAYING');
        if (!track.info.isSeekable || track.info.isStream) throw new MusicError('NOT_SEEKABLE');
        const positionMs =
          operation.type === 'seek'
            ? operation.positionMs
            : Math.max(0, Math.round(session.estimatedPosition()) + operation.offsetMs);
        if (positionMs >= track.info.length) {
          // `length` is what the refusal says ("only 3:05 long"); `lengthMs` is for the panel.
          throw new MusicError('SEEK_OUT_OF_RANGE', {
            lengthMs: track.info.length,
            length: formatDuration(track.info.length),
          });
        }
        await player.seek(positionMs);
        session.setPosition(positionMs);
        return operation.type === 'seek' ? done : { kind: 'seeked', positionMs };
      }
      case 'volume':
        await player.setVolume(operation.volume);
        session.record = { ...record, volume: operation.volume };
        return done;
      case 'loop':
        session.record = { ...record, loop: operation.mode };
        return done;
      case 'shuffle':
        session.record = shuffleUpcoming(record);
        return done;
      case 'move': {
        const moved = moveUpcoming(record, operation.from, operation.to);
        if (!moved) throw new MusicError('BAD_POSITION', { max: upcomingTracks(record).length });
        session.record = moved;
        return done;
      }
      case 'clear':
        session.record = clearUpcoming(record);
        return done;
      case 'filter': {
        const { set, replaced } = filterSetAfter(parseFilterSet(record.filterPreset), operation);
        await this.engine.applyFilters(session, set);
        return { kind: 'filtered', replaced };
      }
      case 'replay': {
        if (!currentTrack(record)) throw new MusicError('NOTHING_PLAYING');
        await player.seek(0);
        session.setPosition(0);
        return done;
      }
      case 'autoplay':
        session.record = { ...record, autoplay: operation.enabled };
        return done;
      case 'leave':
        this.engine.finishPlay(session, 'left');
        await player.destroy('left by command');
        session.record = { ...session.record, voiceChannelId: null, paused: false };
        return done;
    }
  }
}

/** Words are searched where the node can: YouTube when it has it, else the local library. */
function searchPrefix(sourceManagers: string[]): SearchPrefix {
  return sourceManagers.includes('youtube') ? 'ytsearch' : 'localsearch';
}
