import { escapeXml } from './errors.ts';
import { IGNORED_MESSAGES, type IgnoredCode, type ScrobbleItem } from './scrobbles.ts';

/** Last.fm's default (XML) answers, for clients that don't ask for `format=json`. */
const lfm = (inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<lfm status="ok">\n${inner}\n</lfm>\n`;

const field = (name: string, text: string) => `<${name} corrected="0">${escapeXml(text)}</${name}>`;
const ignored = (code: IgnoredCode) =>
  `<ignoredMessage code="${code}">${IGNORED_MESSAGES[code]}</ignoredMessage>`;

export const sessionXml = (name: string, key: string) =>
  lfm(`<session><name>${escapeXml(name)}</name><key>${key}</key><subscriber>0</subscriber></session>`);

export const nowPlayingXml = (item: Omit<ScrobbleItem, 'timestamp'>, code: IgnoredCode) =>
  lfm(
    `<nowplaying>${field('track', item.track)}${field('artist', item.artist)}${field('album', item.album)}${field('albumArtist', item.albumArtist)}${ignored(code)}</nowplaying>`,
  );

export const scrobblesXml = (items: { item: ScrobbleItem; code: IgnoredCode }[], accepted: number) =>
  lfm(
    `<scrobbles accepted="${accepted}" ignored="${items.length - accepted}">${items
      .map(
        ({ item, code }) =>
          `<scrobble>${field('track', item.track)}${field('artist', item.artist)}${field('album', item.album)}${field('albumArtist', item.albumArtist)}<timestamp>${item.timestamp}</timestamp>${ignored(code)}</scrobble>`,
      )
      .join('')}</scrobbles>`,
  );
