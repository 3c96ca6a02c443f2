import { createHash } from 'node:crypto';

/**
 * Signs a Last.fm call (lastfm-docs `docs/auth/signature.md`): every parameter except `format`,
 * `callback` and `api_sig`, sorted by name in plain ASCII order (`artist[10]` before `artist[1]`,
 * as the track.scrobble page says), `<name><value>` concatenated unencoded, the shared secret
 * appended, then MD5 as 32 hex characters.
 */
export function signLastFmParams(params: Record<string, string>, sharedSecret: string): string {
  const names = Object.keys(params)
    .filter((name) => name !== 'format' && name !== 'callback' && name !== 'api_sig')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const text = names.map((name) => `${name}${params[name]}`).join('');
  return createHash('md5').update(`${text}${sharedSecret}`, 'utf8').digest('hex');
}
