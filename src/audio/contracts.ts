/**
 * The seams inside the audio node: the Lavalink server (REST + websocket, `server/`) asks the
 * sources (`sources/`) what an identifier is and for a track's audio, and drives one player
 * engine per guild (`playback/`). Each side is built and tested on its own; these types are
 * the contract between them.
 */
import type { Readable } from 'node:stream';

import type {
  Filters,
  LavalinkException,
  LoadResult,
  Severity,
  Track,
  TrackInfo,
} from '../lavalink/index.ts';

// The protocol types live in the Lavalink protocol module; they are re-exported so the three
// parts of the node keep importing them from here.
export type { Filters, LavalinkException, LoadResult, Severity, Track, TrackInfo };

/** Where a track's audio comes from, ready for ffmpeg (or for passthrough when it is Opus). */
export interface AudioInput {
  /** A URL or path ffmpeg can open, or a stream of the container's bytes. */
  source: string | Readable;
  /** Container/codec when known, so the engine can pass Opus through without re-encoding. */
  container: 'ogg-opus' | 'webm-opus' | 'mp3' | 'flac' | 'wav' | 'aac' | 'unknown';
  /** HTTP headers ffmpeg should send when `source` is a URL. */
  headers?: Record<string, string>;
  /** Called when playback ends, to release what was opened (a child process, a socket). */
  close?: () => void;
}

export interface SourceManager {
  /** Names for `/v4/info` `sourceManagers` — only those that really work here. */
  readonly names: readonly string[];
  load(identifier: string): Promise<LoadResult>;
  /** Opens a previously loaded track's audio; throws a LavalinkException-like error on failure. */
  open(track: TrackInfo): Promise<AudioInput>;
  close(): Promise<void>;
}

/** What a voice connection needs: the `voice` object of a player PATCH plus who and where. */
export interface VoiceServerInfo {
  guildId: string;
  userId: string;
  token: string;
  endpoint: string;
  sessionId: string;
  channelId?: string | null;
}

export type TrackEndReason = 'finished' | 'loadFailed' | 'stopped' | 'replaced' | 'cleanup';

export interface FrameCounters {
  sent: number;
  nulled: number;
  /** Frames expected (one per 20 ms while playing) but neither sent nor nulled. */
  deficit: number;
}

/** Events an engine emits; the server turns them into Lavalink websocket events. */
export interface PlayerEngineEvents {
  trackStart: (track: Track) => void;
  trackEnd: (track: Track, reason: TrackEndReason) => void;
  trackException: (track: Track, exception: LavalinkException) => void;
  trackStuck: (track: Track, thresholdMs: number) => void;
  /** The Discord voice websocket closed (code, reason, byRemote). */
  voiceClosed: (code: number, reason: string, byRemote: boolean) => void;
}

/** One guild's player: the audio side of a Lavalink player. */
export interface PlayerEngine {
  readonly guildId: string;
  on<E extends keyof PlayerEngineEvents>(event: E, listener: PlayerEngineEvents[E]): this;
  off<E extends keyof PlayerEngineEvents>(event: E, listener: PlayerEngineEvents[E]): this;
  /** (Re)connects the voice connection with new server info. */
  connectVoice(voice: VoiceServerInfo): Promise<void>;
  readonly voiceConnected: boolean;
  /** Ping of the voice websocket in ms, -1 when unknown. */
  readonly ping: number;
  /** Starts `track` (replacing the current one, which ends with `replaced`). */
  play(
    track: Track,
    input: AudioInput,
    options: { position?: number; endTime?: number | null; paused?: boolean },
  ): Promise<void>;
  stop(): void;
  /** Milliseconds into the current track (0 when none). */
  readonly position: number;
  readonly track: Track | null;
  seek(positionMs: number): Promise<void>;
  setPaused(paused: boolean): void;
  readonly paused: boolean;
  /** 0–1000, 100 = unchanged. */
  setVolume(volume: number): Promise<void>;
  /** Applies a whole filters object (replacing the previous), within about a second, keeping the position. */
  setFilters(filters: Filters): Promise<void>;
  setEndTime(endTime: number | null): void;
  readonly frames: FrameCounters;
  /** Tears everything down (the current track ends with `cleanup`). */
  destroy(): Promise<void>;
}

export interface PlayerEngineFactory {
  create(guildId: string, userId: string): PlayerEngine;
  /** ffmpeg processes alive now (for metrics). */
  readonly ffmpegProcesses: number;
}
