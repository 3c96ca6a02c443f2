import type { Translate } from '../../../i18n/index.ts';
import { isMusicError, MusicError } from '../../music-error.ts';
import { type LoadSource, loadSources } from '../../music-service.ts';

/**
 * A `NO_MATCHES` refusal names where the load looked (`source`) and says it in English
 * (`where`); this puts the user's language in, so "Nothing found for “x” in the local files"
 * reads "… in den lokalen Dateien" in German. Any other error is returned as it is.
 */
export function saidWhereItLooked(error: unknown, t: Translate): unknown {
  if (!isMusicError(error) || error.code !== 'NO_MATCHES') return error;
  const source = error.params.source;
  if (!isLoadSource(source)) return error;
  return new MusicError('NO_MATCHES', { ...error.params, where: t(`search.where.${source}`) });
}

function isLoadSource(value: unknown): value is LoadSource {
  return (loadSources as readonly unknown[]).includes(value);
}
