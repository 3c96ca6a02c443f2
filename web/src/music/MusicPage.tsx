import { useParams } from 'react-router';
import { useLiveQueue } from '../api/index.ts';
import { QueryView } from '../components/index.ts';
import { AddTrackForm } from './AddTrackForm.tsx';
import { HistoryList } from './HistoryList.tsx';
import { NowPlaying } from './NowPlaying.tsx';
import { PlaylistsPanel } from './PlaylistsPanel.tsx';
import { QueueList } from './QueueList.tsx';
import './music.css';

/**
 * A server's music: what plays (with a moving progress bar and the controls), the queue to
 * reorder, a way to add, the recent history and the playlists. Everything reads the queue the
 * guild's event stream keeps current, so a change made in Discord shows without a reload.
 */
export default function MusicPage() {
  const { guildId = '' } = useParams();
  const queue = useLiveQueue(guildId);
  return (
    <QueryView query={queue}>
      {(live) => (
        <div className="music-page">
          <div className="stack music-main">
            <NowPlaying guildId={guildId} live={live} />
            <AddTrackForm guildId={guildId} />
            <QueueList guildId={guildId} snapshot={live.snapshot} />
          </div>
          <div className="stack music-side">
            <PlaylistsPanel guildId={guildId} />
            <HistoryList guildId={guildId} history={live.snapshot.history} />
          </div>
        </div>
      )}
    </QueryView>
  );
}
