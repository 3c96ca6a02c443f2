import { ApiError } from '../../http/index.ts';
import { translator } from '../../i18n/index.ts';
import type { Logger } from '../../logging/index.ts';
import type { LyricsProvider, LyricsReply } from '../../lyrics/index.ts';
import type { LiveMusicService } from './live-music-service.ts';

/** Past this the panel shows an error rather than a spinner. */
const LOOKUP_TIMEOUT_MS = 8_000;
const english = translator('en');

/**
 * The lyrics of what a guild plays, for the panel: the current track comes from the gateway over
 * the bus, the lyrics straight from the provider (LRCLIB is an outside service; the api role may
 * call it). Expected failures are API errors with their own codes.
 */
export class PanelLyricsService {
  constructor(
    private readonly music: LiveMusicService,
    private readonly provider: LyricsProvider | null,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  async current(guildId: string): Promise<LyricsReply> {
    const provider = this.provider;
    if (!provider) throw new ApiError(404, 'LYRICS_UNAVAILABLE', english('error.LYRICS_UNAVAILABLE'));
    const { current } = await this.music.snapshot(guildId);
    if (!current) throw new ApiError(409, 'NOTHING_PLAYING', english('error.NOTHING_PLAYING'));
    const { title, author, uri, length } = current.info;
    let lyrics: Awaited<ReturnType<LyricsProvider['find']>>;
    try {
      lyrics = await provider.find(
        { title, author, uri, lengthMs: length },
        AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
      );
    } catch (error) {
      this.logger.warn({ err: error, guildId, provider: provider.name }, 'lyrics lookup failed');
      throw new ApiError(502, 'LYRICS_PROVIDER_FAILED', `${provider.name} did not answer; try again later.`);
    }
    if (!lyrics) {
      throw new ApiError(404, 'LYRICS_NOT_FOUND', `${provider.name} has no lyrics for “${title}”.`, {
        title,
        source: provider.name,
      });
    }
    return {
      track: { title, author, lengthMs: length },
      instrumental: lyrics.instrumental,
      synced: lyrics.synced && lyrics.synced.length > 0 ? lyrics.synced : null,
      plain: lyrics.text,
      source: provider.name,
      url: lyrics.url,
    };
  }
}
