import { escapeMarkdown } from 'discord.js';

/** C0 and C1 control characters, DEL, and the bidirectional overrides that reorder text. */
const CONTROL = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Text from outside — a track title, an artist, a playlist name — made safe to show as plain
 * text: control characters (a NUL, a line break, a bidi override) become spaces, and Discord
 * markdown is escaped, headings, lists and masked links included, so a title can neither
 * format nor fake a message. Pings are prevented separately: the client sends every message
 * with `allowedMentions: { parse: [] }`.
 */
export function remoteText(text: string): string {
  return escapeMarkdown(withoutControlCharacters(text), {
    heading: true,
    bulletedList: true,
    numberedList: true,
    maskedLink: true,
  });
}

/** The same without markdown escaping: for places Discord shows as plain text (menu labels, choices). */
export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROL, ' ');
}
