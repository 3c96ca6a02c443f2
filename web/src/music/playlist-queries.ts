import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import type { PanelPlaylistDetail, PanelPlaylistList } from '../../../src/playlists/contract.ts';
import { api, get, keys } from '../api/index.ts';
import { useFailureText } from './operations.ts';

export const playlistsKey = (guildId: string) => keys.guildPart(guildId, 'playlists');
const playlistKey = (guildId: string, id: number) => keys.guildPart(guildId, 'playlist', id);
const base = (guildId: string) => `/api/guilds/${guildId}/playlists`;

/** The caller's playlists, then those shared with the server. */
export function usePlaylists(guildId: string) {
  return useQuery({
    queryKey: playlistsKey(guildId),
    queryFn: async () => (await get<PanelPlaylistList>(base(guildId))).playlists,
  });
}

/** One playlist with its tracks, for the editor. */
export function usePlaylist(guildId: string, id: number) {
  return useQuery({
    queryKey: playlistKey(guildId, id),
    queryFn: () => get<PanelPlaylistDetail>(`${base(guildId)}/${id}`),
  });
}

/** A changed playlist: its detail is the answer, and the list's counts and names refresh. */
function stored(client: QueryClient, guildId: string, playlist: PanelPlaylistDetail): void {
  client.setQueryData(playlistKey(guildId, playlist.id), playlist);
  void client.invalidateQueries({ queryKey: playlistsKey(guildId), exact: true });
}

export type PlaylistEdit =
  | { kind: 'create'; name: string; shared: boolean }
  | { kind: 'update'; id: number; name?: string; shared?: boolean }
  | { kind: 'move'; id: number; from: number; to: number }
  | { kind: 'remove'; id: number; position: number };

function send(guildId: string, edit: PlaylistEdit): Promise<PanelPlaylistDetail> {
  switch (edit.kind) {
    case 'create':
      return api('POST', base(guildId), { name: edit.name, shared: edit.shared });
    case 'update': {
      const { kind: _kind, id, ...changes } = edit;
      return api('PATCH', `${base(guildId)}/${id}`, changes);
    }
    case 'move':
      return api('POST', `${base(guildId)}/${edit.id}/tracks/move`, { from: edit.from, to: edit.to });
    case 'remove':
      return api('DELETE', `${base(guildId)}/${edit.id}/tracks/${edit.position}`);
  }
}

/**
 * Edits a playlist. A move shows at once and is put back if refused; every refusal is a toast
 * unless `quiet` (a form shows it next to its field).
 */
export function usePlaylistEdit(guildId: string, options: { quiet?: boolean } = {}) {
  const client = useQueryClient();
  const failure = useFailureText();
  return useMutation({
    mutationFn: (edit: PlaylistEdit) => send(guildId, edit),
    onMutate: (edit) => {
      if (edit.kind !== 'move') return undefined;
      const key = playlistKey(guildId, edit.id);
      const previous = client.getQueryData<PanelPlaylistDetail>(key);
      if (previous) {
        const tracks = [...previous.tracks];
        const [track] = tracks.splice(edit.from - 1, 1);
        if (track) tracks.splice(edit.to - 1, 0, track);
        client.setQueryData(key, { ...previous, tracks });
      }
      return { previous };
    },
    onSuccess: (playlist) => stored(client, guildId, playlist),
    onError: (error, edit, context) => {
      if (edit.kind !== 'create' && context?.previous) {
        client.setQueryData(playlistKey(guildId, edit.id), context.previous);
      }
      if (!options.quiet) toast.error(failure(error));
    },
  });
}

/** Deletes one of the caller's playlists. */
export function usePlaylistDelete(guildId: string) {
  const client = useQueryClient();
  const failure = useFailureText();
  return useMutation({
    mutationFn: (id: number) => api<void>('DELETE', `${base(guildId)}/${id}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: playlistsKey(guildId), exact: true }),
    onError: (error) => toast.error(failure(error)),
  });
}
