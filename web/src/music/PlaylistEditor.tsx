import {
  type Announcements,
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  type UniqueIdentifier,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { type FormEvent, useId, useMemo, useState } from 'react';
import type { PanelPlaylistDetail, PanelPlaylistTrack } from '../../../src/playlists/contract.ts';
import { commonMessages, errorText, QueryView } from '../components/index.ts';
import { useFormat, useMessages } from '../i18n/index.ts';
import { musicMessages, playlistEditorMessages } from './messages.ts';
import { usePlaylist, usePlaylistDelete, usePlaylistEdit } from './playlist-queries.ts';

/** Keys that stay with a track while the list is reordered (the same track twice told apart). */
function keysOf(tracks: readonly PanelPlaylistTrack[]): string[] {
  const seen = new Map<string, number>();
  return tracks.map((track) => {
    const base = `${track.uri ?? ''}|${track.title}`;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return `${base}#${count}`;
  });
}

/**
 * One playlist opened for editing: rename it, share it with the server or not (its owner),
 * reorder its tracks by dragging a handle (mouse, touch or keyboard), remove tracks, delete it.
 */
export function PlaylistEditor({
  guildId,
  id,
  onClose,
}: {
  guildId: string;
  id: number;
  onClose: () => void;
}) {
  const playlist = usePlaylist(guildId, id);
  return (
    <div className="stack music-playlist-editor" data-testid="playlist-editor">
      <QueryView query={playlist}>
        {(detail) => <EditorBody guildId={guildId} playlist={detail} onClose={onClose} />}
      </QueryView>
    </div>
  );
}

function EditorBody({
  guildId,
  playlist,
  onClose,
}: {
  guildId: string;
  playlist: PanelPlaylistDetail;
  onClose: () => void;
}) {
  const t = useMessages(playlistEditorMessages);
  const common = useMessages(commonMessages);
  const edit = usePlaylistEdit(guildId);
  const rename = usePlaylistEdit(guildId, { quiet: true });
  const remove = usePlaylistDelete(guildId);
  const [name, setName] = useState(playlist.name);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const ids = { name: useId(), shared: useId() };
  const submitName = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === playlist.name) return;
    rename.mutate({ kind: 'update', id: playlist.id, name });
  };
  return (
    <>
      <form className="field" onSubmit={submitName}>
        <label htmlFor={ids.name}>{t('name')}</label>
        <div className="music-add-row">
          <input
            id={ids.name}
            type="text"
            value={name}
            maxLength={50}
            required
            aria-invalid={rename.isError}
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" className="button" disabled={rename.isPending}>
            {t('rename')}
          </button>
        </div>
        {rename.isError && (
          <span className="music-refused" role="alert">
            {errorText(rename.error, common('networkError'))}
          </span>
        )}
      </form>
      {playlist.own && (
        <div className="checkbox-field">
          <input
            id={ids.shared}
            type="checkbox"
            checked={playlist.shared}
            disabled={edit.isPending}
            onChange={(event) =>
              edit.mutate({ kind: 'update', id: playlist.id, shared: event.target.checked })
            }
          />
          <label htmlFor={ids.shared}>{t('shareWithServer')}</label>
        </div>
      )}
      <TrackList guildId={guildId} playlist={playlist} />
      <div className="row">
        <button type="button" className="button" onClick={onClose}>
          {t('done')}
        </button>
        <span className="music-spacer" />
        {playlist.own &&
          (confirmingDelete ? (
            <span className="row" role="alertdialog" aria-label={t('deleteConfirm', { name: playlist.name })}>
              <span>{t('deleteConfirm', { name: playlist.name })}</span>
              <button
                type="button"
                className="button danger"
                onClick={() => remove.mutate(playlist.id, { onSuccess: onClose })}
              >
                {t('deleteYes')}
              </button>
              <button type="button" className="button" onClick={() => setConfirmingDelete(false)}>
                {t('cancel')}
              </button>
            </span>
          ) : (
            <button type="button" className="button danger" onClick={() => setConfirmingDelete(true)}>
              {t('delete')}
            </button>
          ))}
      </div>
    </>
  );
}

function TrackList({ guildId, playlist }: { guildId: string; playlist: PanelPlaylistDetail }) {
  const t = useMessages(playlistEditorMessages);
  const music = useMessages(musicMessages);
  const edit = usePlaylistEdit(guildId);
  const tracks = playlist.tracks;
  const ids = useMemo(() => keysOf(tracks), [tracks]);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const titleOf = (id: UniqueIdentifier) => tracks[ids.indexOf(String(id))]?.title ?? '';
  const positionOf = (id: UniqueIdentifier) => ids.indexOf(String(id)) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      music('dndPickedUp', { title: titleOf(active.id), position: positionOf(active.id) }),
    onDragOver: ({ active, over }) =>
      over ? music('dndOver', { title: titleOf(active.id), position: positionOf(over.id) }) : undefined,
    onDragEnd: ({ active, over }) =>
      over ? music('dndDropped', { title: titleOf(active.id), position: positionOf(over.id) }) : undefined,
    onDragCancel: ({ active }) => music('dndCancelled', { title: titleOf(active.id) }),
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = positionOf(active.id);
    const to = positionOf(over.id);
    if (from > 0 && to > 0) edit.mutate({ kind: 'move', id: playlist.id, from, to });
  };
  if (tracks.length === 0) return <p className="muted">{t('noTracks')}</p>;
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{ announcements, screenReaderInstructions: { draggable: music('dndInstructions') } }}
    >
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        <ol className="list music-queue" aria-label={t('tracksOf', { name: playlist.name })}>
          {tracks.map((track, index) => (
            <TrackRow
              key={ids[index]}
              id={ids[index] as string}
              track={track}
              position={index + 1}
              onRemove={() => edit.mutate({ kind: 'remove', id: playlist.id, position: index + 1 })}
            />
          ))}
        </ol>
      </SortableContext>
    </DndContext>
  );
}

function TrackRow({
  id,
  track,
  position,
  onRemove,
}: {
  id: string;
  track: PanelPlaylistTrack;
  position: number;
  onRemove: () => void;
}) {
  const music = useMessages(musicMessages);
  const format = useFormat();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id });
  const title = track.title;
  return (
    <li
      ref={setNodeRef}
      className={isDragging ? 'music-queue-row dragging' : 'music-queue-row'}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      data-testid="playlist-track"
    >
      <button
        ref={setActivatorNodeRef}
        type="button"
        className="button icon music-handle"
        {...attributes}
        {...listeners}
        aria-label={music('moveHandle', { title, position })}
      >
        <span aria-hidden="true">⠿</span>
      </button>
      <span className="music-position muted">{position}</span>
      <div className="music-queue-text">
        <span className="truncate music-queue-title">{title}</span>
        <span className="muted truncate music-small">{track.author}</span>
      </div>
      <span className="muted music-duration">
        {track.isStream ? music('liveStream') : format.duration(track.length)}
      </span>
      <button
        type="button"
        className="button icon danger"
        aria-label={music('remove', { title })}
        title={music('remove', { title })}
        onClick={onRemove}
      >
        <span aria-hidden="true">✕</span>
      </button>
    </li>
  );
}
