import { LrclibProvider } from './lrclib-provider.ts';
import type { LyricsProvider } from './lyrics-provider.ts';

/** The configuration the built-in providers read (a part of the app's `Config`). */
export interface LyricsConfig {
  LYRICS_PROVIDER: 'lrclib' | 'none';
  LYRICS_LRCLIB_URL: string;
}

/** The provider LYRICS_PROVIDER names, or null for `none` (/lyrics then says lyrics are off). */
export function configuredLyricsProvider(config: LyricsConfig): LyricsProvider | null {
  switch (config.LYRICS_PROVIDER) {
    case 'lrclib':
      return new LrclibProvider({ baseUrl: config.LYRICS_LRCLIB_URL });
    case 'none':
      return null;
  }
}
