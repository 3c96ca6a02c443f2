import { createHash } from 'node:crypto';

/**
 * Last.fm's api_sig (lastfm-docs `docs/auth/signature.md`): every parameter but `format`,
 * `callback` and `api_sig`, sorted by name in ASCII order (so `artist[10]` sorts before
 * `artist[1]`), `<name><value>` concatenated raw, the shared secret appended, MD5 in hex.
 */
export function lastFmSignature(params: URLSearchParams, secret: string): string {
  const names = [...new Set(params.keys())]
    .filter((name) => name !== 'format' && name !== 'callback' && name !== 'api_sig')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const text = names.map((name) => `${name}${params.get(name) ?? ''}`).join('');
  return createHash('md5').update(`${text}${secret}`, 'utf8').digest('hex');
}
