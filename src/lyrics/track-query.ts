import type { LyricsQuery } from './lyrics-provider.ts';

/** What a lyrics database is asked: the song's own title and artist, without the upload's dressing. */
export interface SongQuery {
  track: string;
  artist: string;
  /** Whole seconds, or null when unknown (a stream, a track of no length). */
  durationSec: number | null;
}

/** Words that mark a bracketed part of a title as the upload's, not the song's. */
const DRESSING =
  /\b(official|video|audio|lyrics?|visuali[sz]er|hd|hq|4k|remaster(ed)?|m\/?v|explicit|clean|color coded|full album|out now|premiere)\b/i;
/** "feat. X", "ft. X", "featuring X" up to the end or the next bracket. */
const FEATURING = /\s*[([]?\s*\b(feat\.?|ft\.?|featuring)\s+[^)\]]*[)\]]?/gi;
/** A trailing " - Remastered 2009", " - Radio Edit" and the like after the title. */
const TRAILING_VERSION = /\s+[-–—]\s+(\d{4}\s+)?(remaster(ed)?|radio edit|single version|mono|stereo)\b.*$/i;
/** The channel dressing YouTube adds to an artist's name. */
const CHANNEL_SUFFIX = /(\s*-\s*topic|vevo|\s+official)$/i;

/** Lower-cased letters and digits only: how two spellings of a name are compared. */
export function comparable(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function withoutDressing(title: string): string {
  return (
    title
      .replace(/\s*[([]([^)\]]*)[)\]]/g, (group, inside: string) => (DRESSING.test(inside) ? '' : group))
      .replace(FEATURING, '')
      .replace(TRAILING_VERSION, '')
      // "Title | Artist | Label" upload names: the song comes first.
      .replace(/\s+\|\s+.*$/, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/**
 * The song behind a track as a player knows it: "Artist - Title (Official Video)" by
 * "ArtistVEVO" is Title by Artist. A title with " - " is split when its left part names the
 * uploader or the uploader is a channel ("- Topic", "VEVO"); otherwise it is kept whole, since
 * "Song - Live at Wembley" by the artist is one title (the provider's search then tries the
 * words of the whole title).
 */
export function songOf(query: LyricsQuery): SongQuery {
  const author = query.author.replace(CHANNEL_SUFFIX, '').trim();
  let title = withoutDressing(query.title);
  let artist = author;
  const dash = /^(.+?)\s+[-–—]\s+(.+)$/.exec(title);
  if (dash) {
    const [, left = '', right = ''] = dash;
    const leftNamesUploader = comparable(left).includes(comparable(author)) && comparable(author) !== '';
    const uploaderIsChannel = author !== query.author.trim() || comparable(author) === '';
    if (leftNamesUploader || uploaderIsChannel) {
      artist = left.trim();
      title = right.trim();
    }
  }
  const seconds = Math.round(query.lengthMs / 1000);
  return {
    track: withoutDressing(title) || query.title.trim(),
    artist: artist.replace(FEATURING, '').trim() || author,
    durationSec: seconds >= 1 && seconds <= 3600 ? seconds : null,
  };
}
