import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { toast } from 'sonner';
import type { OperationResult } from '../../../src/music/contract.ts';
import type { PanelPlaylist } from '../../../src/playlists/contract.ts';
import { api } from '../api/index.ts';
import { commonMessages, errorText, QueryView } from '../components/index.ts';
import { useMessages } from '../i18n/index.ts';
import { addedText } from './AddTrackForm.tsx';
import { musicMessages, playlistEditorMessages } from './messages.ts';
import { storeReply, useFailureText } from './operations.ts';
import { PlaylistEditor } from './PlaylistEditor.tsx';
import { usePlaylistEdit, usePlaylists } from './playlist-queries.ts';

/**
 * The caller's playlists and those shared with the server: each queued with one click, opened
 * for editing (rename, share, reorder, remove tracks, delete), and a form to create one.
 * `summonTo` is where queueing brings the bot when it is in no voice channel.
 */
export function PlaylistsPanel({ guildId, summonTo }: { guildId: string; summonTo: string | null }) {
  const t = useMessages(musicMessages);
  const e = useMessages(playlistEditorMessages);
  const client = useQueryClient();
  const failure = useFailureText();
  const playlists = usePlaylists(guildId);
  const [editing, setEditing] = useState<number | null>(null);
  const play = useMutation({
    mutationFn: (playlist: PanelPlaylist) =>
      api<OperationResult>(
        'POST',
        `/api/guilds/${guildId}/playlists/${playlist.id}/play`,
        summonTo ? { voiceChannelId: summonTo } : {},
      ),
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
            <p className="muted">{e('noPlaylists')}</p>
          ) : (
            <ul className="list">
              {list.map((playlist) => (
                <li key={playlist.id} className="stack music-playlist" data-testid="playlist">
                  <div className="row">
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
                    <span className="music-spacer" />
                    <button
                      type="button"
                      className="button"
                      aria-expanded={editing === playlist.id}
                      aria-label={e('editLabel', { name: playlist.name })}
                      onClick={() => setEditing(editing === playlist.id ? null : playlist.id)}
                    >
                      {e('edit')}
                    </button>
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
                  </div>
                  {editing === playlist.id && (
                    <PlaylistEditor guildId={guildId} id={playlist.id} onClose={() => setEditing(null)} />
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      <CreatePlaylistForm guildId={guildId} onCreated={setEditing} />
    </section>
  );
}

/** A name and "share with this server": a new, empty playlist of the caller's, opened for editing. */
function CreatePlaylistForm({ guildId, onCreated }: { guildId: string; onCreated: (id: number) => void }) {
  const e = useMessages(playlistEditorMessages);
  const common = useMessages(commonMessages);
  const create = usePlaylistEdit(guildId, { quiet: true });
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const ids = { name: useId(), shared: useId() };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim() || create.isPending) return;
    create.mutate(
      { kind: 'create', name, shared },
      {
        onSuccess: (playlist) => {
          setName('');
          onCreated(playlist.id);
        },
      },
    );
  };
  return (
    <form className="stack" onSubmit={submit} aria-labelledby={`${ids.name}-legend`}>
      <h3 id={`${ids.name}-legend`}>{e('newPlaylist')}</h3>
      <div className="field">
        <label htmlFor={ids.name}>{e('name')}</label>
        <div className="music-add-row">
          <input
            id={ids.name}
            type="text"
            value={name}
            maxLength={50}
            required
            autoComplete="off"
            aria-invalid={create.isError}
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" className="button primary" disabled={create.isPending}>
            {e('create')}
          </button>
        </div>
        {create.isError && (
          <span className="music-refused" role="alert">
            {errorText(create.error, common('networkError'))}
          </span>
        )}
      </div>
      <div className="checkbox-field">
        <input
          id={ids.shared}
          type="checkbox"
          checked={shared}
          onChange={(event) => setShared(event.target.checked)}
        />
        <label htmlFor={ids.shared}>{e('shareWithServer')}</label>
      </div>
    </form>
  );
}
