import { type FormEvent, useId, useState } from 'react';
import type { OperationOutcome } from '../../../src/music/contract.ts';
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
  const ids = { query: useId(), hint: useId(), next: useId() };
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
              aria-describedby={ids.hint}
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
