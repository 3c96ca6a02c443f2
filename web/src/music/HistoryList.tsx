import { toast } from 'sonner';
import type { QueuedTrack } from '../../../src/music/contract.ts';
import { useFormat, useMessages } from '../i18n/index.ts';
import { addedText } from './AddTrackForm.tsx';
import { musicMessages } from './messages.ts';
import { useQueueOperation } from './operations.ts';
import { queryOf, TrackTitle, trackKeys } from './track-parts.tsx';

/** The last tracks played (most recent first, as the bot keeps them), each with "Play again". */
export function HistoryList({ guildId, history }: { guildId: string; history: readonly QueuedTrack[] }) {
  const t = useMessages(musicMessages);
  const format = useFormat();
  const add = useQueueOperation(guildId);
  const keys = trackKeys(history);
  const playAgain = async (track: QueuedTrack) => {
    const reply = await add.mutateAsync({ type: 'add', query: queryOf(track) }).catch(() => null);
    if (reply) toast.success(addedText(t, reply.outcome));
  };
  return (
    <section className="card stack" aria-labelledby="music-history" data-testid="history">
      <h2 id="music-history">{t('history')}</h2>
      {history.length === 0 ? (
        <p className="muted">{t('historyEmpty')}</p>
      ) : (
        <ul className="list">
          {history.map((track, index) => (
            <li key={keys[index]}>
              <div className="music-queue-text">
                <TrackTitle track={track} className="truncate music-queue-title" />
                <span className="muted truncate music-small">
                  {track.info.author}
                  {track.info.isStream ? '' : ` · ${format.duration(track.info.length)}`}
                </span>
              </div>
              <button
                type="button"
                className="button"
                aria-label={t('playAgainLabel', { title: track.info.title })}
                onClick={() => void playAgain(track)}
              >
                {t('playAgain')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
