import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type { OperationOutcome, PlayableSources } from '../../../src/music/contract.ts';
import { get, keys } from '../api/index.ts';
import { commonMessages, errorText } from '../components/index.ts';
import { type Translate, useMessages } from '../i18n/index.ts';
import { type MusicMessageKey, musicMessages } from './messages.ts';
import { useQueueOperation } from './operations.ts';

/** "Added X at position N", "Playing X now", "Added 12 tracks from P", and what was left out. */
export function addedText(t: Translate<MusicMessageKey>, outcome: OperationOutcome): string {
  if (outcome.kind !== 'added') return '';
  const [first = ''] = outcome.titles;
  const lines = [
    outcome.titles.length > 1
      ? t('addedMany', { count: outcome.titles.length, name: outcome.playlistName ?? first })
      : outcome.startedNow
        ? t('startedOne', { title: first })
        : t('addedOne', { title: first, position: outcome.position }),
  ];
  if (outcome.skippedTooLong > 0) lines.push(t('tooLongSkipped', { count: outcome.skippedTooLong }));
  return lines.join(' ');
}

const SOURCE_NAMES: Record<string, string> = {
  youtube: 'YouTube',
  soundcloud: 'SoundCloud',
  spotify: 'Spotify',
  applemusic: 'Apple Music',
  deezer: 'Deezer',
};

/** What the bot's audio nodes play, and how to add YouTube and the rest when yt-dlp is missing. */
function PlayableHint({ guildId, id }: { guildId: string; id: string }) {
  const t = useMessages(musicMessages);
  const sources = useQuery({
    queryKey: keys.guildPart(guildId, 'sources'),
    queryFn: () => get<PlayableSources>(`/api/guilds/${guildId}/sources`),
    staleTime: 60_000,
  });
  if (!sources.data || sources.data.nodesConnected === 0) return null;
  const names = sources.data.sources.map((source) =>
    source === 'http'
      ? t('sourceHttp')
      : source === 'local'
        ? t('sourceLocal')
        : (SOURCE_NAMES[source] ?? source),
  );
  return (
    <span id={id} className="hint" data-testid="playable-sources">
      {t('playsFrom', { sources: names.join(', ') })}
      {sources.data.sources.includes('youtube') ? null : ` ${t('needsYtDlp')}`}
    </span>
  );
}

/** One field for words or a link, "Play next", and what came of it, next to the form. */
export function AddTrackForm({
  guildId,
  summonTo = null,
}: {
  guildId: string;
  /** The voice channel the bot joins when it is in none (the page's picker). */
  summonTo?: string | null;
}) {
  const t = useMessages(musicMessages);
  const common = useMessages(commonMessages);
  const add = useQueueOperation(guildId, { quiet: true, voiceChannelId: summonTo });
  const [query, setQuery] = useState('');
  const [next, setNext] = useState(false);
  const ids = { query: useId(), hint: useId(), sources: useId(), next: useId() };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = query.trim();
    if (!trimmed || add.isPending) return;
    try {
      await add.mutateAsync({ type: 'add', query: trimmed, ...(next ? { next: true } : {}) });
      setQuery('');
    } catch {
      // Shown below the form.
    }
  };
  return (
    <section className="card" aria-labelledby="music-add" data-testid="add-track">
      <h2 id="music-add">{t('add')}</h2>
      <form className="stack music-add" onSubmit={submit} aria-busy={add.isPending}>
        <div className="field">
          <label htmlFor={ids.query}>{t('addLabel')}</label>
          <div className="music-add-row">
            <input
              id={ids.query}
              type="text"
              value={query}
              maxLength={500}
              required
              autoComplete="off"
              aria-describedby={`${ids.hint} ${ids.sources}`}
              aria-invalid={add.isError}
              onChange={(event) => setQuery(event.target.value)}
            />
            <button type="submit" className="button primary" disabled={add.isPending}>
              {add.isPending ? t('adding') : t('addButton')}
            </button>
          </div>
          <span id={ids.hint} className="hint">
            {t('addHint')}
          </span>
          <PlayableHint guildId={guildId} id={ids.sources} />
        </div>
        <div className="checkbox-field">
          <input
            id={ids.next}
            type="checkbox"
            checked={next}
            onChange={(event) => setNext(event.target.checked)}
          />
          <label htmlFor={ids.next}>{t('playNext')}</label>
        </div>
        <div aria-live="polite" data-testid="add-result">
          {add.isSuccess && <p className="music-added">{addedText(t, add.data.outcome)}</p>}
          {add.isError && (
            <p className="music-refused">
              {t('refused', { reason: errorText(add.error, common('networkError')) })}
            </p>
          )}
        </div>
      </form>
    </section>
  );
}
