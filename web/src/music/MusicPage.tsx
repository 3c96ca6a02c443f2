import { useState } from 'react';
import { useParams } from 'react-router';
import { useLiveQueue } from '../api/index.ts';
import { QueryView } from '../components/index.ts';
import { AddTrackForm } from './AddTrackForm.tsx';
import { HistoryList } from './HistoryList.tsx';
import { LyricsPanel } from './LyricsPanel.tsx';
import { NowPlaying } from './NowPlaying.tsx';
import { PlaylistsPanel } from './PlaylistsPanel.tsx';
import { QueueList } from './QueueList.tsx';
import { SummonPanel, useVoiceChannels } from './SummonPanel.tsx';
import './music.css';

/**
 * A server's music: what plays (with a moving progress bar and the controls), the queue to
 * reorder, a way to add, the lyrics following the track, the recent history and the playlists.
 * Everything reads the queue the guild's event stream keeps current, so a change made in
 * Discord shows without a reload.
 */
export default function MusicPage() {
  const { guildId = '' } = useParams();
  const queue = useLiveQueue(guildId);
  // The voice channel picked on the page: where a summon or an add brings the bot.
  const [picked, setPicked] = useState<string | null>(null);
  const voiceChannels = useVoiceChannels(guildId);
  return (
    <QueryView query={queue}>
      {(live) => {
        const summonTo = picked ?? live.snapshot.voiceChannelId ?? voiceChannels.data?.[0]?.id ?? null;
        return (
          <div className="music-page">
            <div className="stack music-main">
              <NowPlaying guildId={guildId} live={live} />
              <AddTrackForm guildId={guildId} summonTo={live.snapshot.voiceChannelId ? null : summonTo} />
              <QueueList guildId={guildId} snapshot={live.snapshot} />
            </div>
            <div className="stack music-side">
              <SummonPanel
                guildId={guildId}
                snapshot={live.snapshot}
                chosen={summonTo}
                onChoose={setPicked}
              />
              <LyricsPanel guildId={guildId} live={live} />
              <PlaylistsPanel guildId={guildId} summonTo={live.snapshot.voiceChannelId ? null : summonTo} />
              <HistoryList guildId={guildId} history={live.snapshot.history} />
            </div>
          </div>
        );
      }}
    </QueryView>
  );
}
