import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import type { OperationResult } from '../../../src/music/contract.ts';
import type { PanelPlaylist, PanelPlaylistList } from '../../../src/playlists/contract.ts';
import { api, get, keys } from '../api/index.ts';
import { QueryView } from '../components/index.ts';
import { useMessages } from '../i18n/index.ts';
import { addedText } from './AddTrackForm.tsx';
import { musicMessages } from './messages.ts';
import { storeReply, useFailureText } from './operations.ts';

/** The caller's playlists and those shared with the server, each queued with one click. */
export function PlaylistsPanel({ guildId }: { guildId: string }) {
  const t = useMessages(musicMessages);
  const client = useQueryClient();
  const failure = useFailureText();
  const playlists = useQuery({
    queryKey: keys.guildPart(guildId, 'playlists'),
    queryFn: async () => (await get<PanelPlaylistList>(`/api/guilds/${guildId}/playlists`)).playlists,
  });
  const play = useMutation({
    mutationFn: (playlist: PanelPlaylist) =>
      api<OperationResult>('POST', `/api/guilds/${guildId}/playlists/${playlist.id}/play`, {}),
    onSuccess: (reply) => {
      storeReply(client, guildId, reply);
      toast.success(addedText(t, reply.outcome));
    },
    onError: (error) => toast.error(failure(error)),
  });
  return (
    <section className="card stack" aria-labelledby="music-playlists" data-testid="playlists">
      <h2 id="music-playlists">{t('playlists')}</h2>
      <QueryView query={playlists}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{t('playlistsEmpty')}</p>
          ) : (
            <ul className="list">
              {list.map((playlist) => (
                <li key={playlist.id}>
                  <div className="music-queue-text">
                    <span className="truncate music-queue-title">{playlist.name}</span>
                    <span className="muted music-small">
                      {t('playlistTracks', { count: playlist.trackCount })}
                      {playlist.own
                        ? playlist.shared
                          ? ` · ${t('playlistShared')}`
                          : ''
                        : ` · ${t('playlistFromOther')}`}
                    </span>
                  </div>
                  <button
                    type="button"
                    className="button"
                    aria-label={t('playPlaylistLabel', { name: playlist.name })}
                    disabled={
                      playlist.trackCount === 0 || (play.isPending && play.variables?.id === playlist.id)
                    }
                    onClick={() => play.mutate(playlist)}
                  >
                    {t('playPlaylist')}
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
    </section>
  );
}
