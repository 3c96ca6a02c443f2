import { z } from 'zod';
import type { AudioContainer } from '../container.ts';

/** The fields we use of one yt-dlp info dict (full, or a `--flat-playlist` entry). */
export const ytDlpEntrySchema = z.looseObject({
  id: z.string(),
  title: z.string().nullish(),
  url: z.string().nullish(),
  webpage_url: z.string().nullish(),
  duration: z.number().nullish(),
  uploader: z.string().nullish(),
  channel: z.string().nullish(),
  artist: z.string().nullish(),
  thumbnail: z.string().nullish(),
  thumbnails: z.array(z.looseObject({ url: z.string() })).nullish(),
  is_live: z.boolean().nullish(),
  live_status: z.string().nullish(),
});
export type YtDlpEntry = z.infer<typeof ytDlpEntrySchema>;

/** `yt-dlp -J --flat-playlist`: a single video, or a playlist / search with entries. */
export const ytDlpInfoSchema = ytDlpEntrySchema.extend({
  _type: z.string().nullish(),
  // Unavailable entries come as null (or malformed); they are dropped, not fatal.
  entries: z.array(z.unknown()).nullish(),
});
export type YtDlpInfo = z.infer<typeof ytDlpInfoSchema>;

/** `yt-dlp -J -f bestaudio`: the chosen format's direct URL and what is needed to fetch it. */
export const ytDlpFormatSchema = z.looseObject({
  url: z.string().nullish(),
  ext: z.string().nullish(),
  acodec: z.string().nullish(),
  protocol: z.string().nullish(),
  http_headers: z.record(z.string(), z.string()).nullish(),
  requested_downloads: z
    .array(
      z.looseObject({ url: z.string().nullish(), ext: z.string().nullish(), acodec: z.string().nullish() }),
    )
    .nullish(),
});
export type YtDlpFormat = z.infer<typeof ytDlpFormatSchema>;

export function parseYtDlpJson<T>(schema: z.ZodType<T>, stdout: string): T | null {
  try {
    const result = schema.safeParse(JSON.parse(stdout));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

/** Playable entries of a playlist or search, in order. */
export function playlistEntries(info: YtDlpInfo): YtDlpEntry[] {
  return (info.entries ?? []).flatMap((entry) => {
    const parsed = ytDlpEntrySchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

/** yt-dlp lists thumbnails from worst to best. */
export function bestThumbnail(entry: YtDlpEntry): string | null {
  return entry.thumbnail ?? entry.thumbnails?.at(-1)?.url ?? null;
}

/** YouTube's bestaudio is usually Opus in WebM (passthrough), else AAC in M4A. */
export function containerOfFormat(format: {
  ext?: string | null;
  acodec?: string | null;
  protocol?: string | null;
}) {
  const ext = format.ext?.toLowerCase() ?? '';
  const codec = format.acodec?.toLowerCase() ?? '';
  let container: AudioContainer = 'unknown';
  if (format.protocol?.includes('m3u8')) container = 'unknown';
  else if (codec === 'opus' && ext === 'webm') container = 'webm-opus';
  else if (codec === 'opus' && (ext === 'ogg' || ext === 'opus')) container = 'ogg-opus';
  else if (codec.startsWith('mp4a') || ext === 'm4a' || codec === 'aac') container = 'aac';
  else if (codec === 'mp3' || ext === 'mp3') container = 'mp3';
  else if (codec === 'flac') container = 'flac';
  return container;
}
