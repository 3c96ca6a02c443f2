import type { FinishedPlay } from '../music/index.ts';
import type { HistorySettingsRepository } from './history-settings.ts';
import type { ListenArchive, StoreResult } from './listen-archive.ts';
import type { ListenInput } from './listen-input.ts';
import type { VoicePresence } from './voice-presence.ts';

/** A voice play counts for a listener who heard this much of it… */
export const VOICE_LISTEN_MIN_MS = 30_000;

/**
 * …or half the track, when that is less (a 40 s track counts after 20 s). A stream (no
 * length) needs the 30 s.
 */
export function voiceListenThresholdMs(trackLengthMs: number, isStream: boolean): number {
  if (isStream || trackLengthMs <= 0) return VOICE_LISTEN_MIN_MS;
  return Math.min(VOICE_LISTEN_MIN_MS, Math.floor(trackLengthMs / 2));
}

/**
 * Turns the guild's ended plays into listens (source `discord-voice`) of each listener who
 * opted in and heard enough of it. What a listener heard is their time in the bot's channel
 * during the play (`VoicePresence`), never more than the play's audible time (pauses excluded).
 */
export class VoiceListens {
  constructor(
    private readonly options: {
      presence: VoicePresence;
      settings: Pick<HistorySettingsRepository, 'voiceOptedIn'>;
      archive: Pick<ListenArchive, 'store'>;
      botId: string;
    },
  ) {}

  /** The listens a play gives, before the opt-in check. */
  qualifying(play: FinishedPlay): { userId: string; heardMs: number }[] {
    const { presence, botId } = this.options;
    const info = play.track.info;
    const threshold = voiceListenThresholdMs(info.length, info.isStream);
    const from = play.startedAt.getTime();
    const to = play.endedAt.getTime();
    const candidates = new Set([...play.listenerIds, ...presence.usersOf(play.guildId, botId)]);
    return [...candidates]
      .map((userId) => ({
        userId,
        heardMs: Math.min(play.msPlayed, presence.heardMs(play.guildId, userId, botId, from, to)),
      }))
      .filter(({ heardMs }) => heardMs >= threshold)
      .sort((a, b) => (a.userId < b.userId ? -1 : 1));
  }

  /** Stores the play's listens of opted-in listeners; returns them with what the archive did. */
  async record(play: FinishedPlay): Promise<{ listens: ListenInput[]; result: StoreResult }> {
    const qualifying = this.qualifying(play);
    const optedIn = await this.options.settings.voiceOptedIn(qualifying.map((listener) => listener.userId));
    const listens = qualifying
      .filter((listener) => optedIn.has(listener.userId))
      .map((listener): ListenInput => voiceListen(play, listener.userId, listener.heardMs));
    const result = await this.options.archive.store(listens);
    return { listens, result };
  }
}

/** A voice play as one listener's listen. */
export function voiceListen(play: FinishedPlay, userId: string, heardMs: number): ListenInput {
  const info = play.track.info;
  return {
    userId,
    playedAt: play.startedAt,
    msPlayed: heardMs,
    source: 'discord-voice',
    track: {
      title: info.title.trim() || info.uri || info.identifier,
      artists: [info.author.trim() || 'Unknown artist'],
      durationMs: info.isStream ? null : info.length,
      spotifyTrackId:
        info.sourceName === 'spotify' && /^[0-9A-Za-z]{22}$/.test(info.identifier) ? info.identifier : null,
      isrc: info.isrc ?? null,
    },
  };
}
