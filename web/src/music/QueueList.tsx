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
import { useMemo, useRef, useState } from 'react';
import type { QueuedTrack, QueueSnapshot } from '../../../src/music/contract.ts';
import { useFormat, useMessages } from '../i18n/index.ts';
import { musicMessages } from './messages.ts';
import { useMoveTrack, useQueueOperation } from './operations.ts';
import { TrackTitle, trackKeys, useRequesterText } from './track-parts.tsx';

/**
 * The upcoming tracks: drag a row by its handle (mouse, touch, or the keyboard: Space, arrows,
 * Space) to reorder it, remove one, or clear them all after a confirmation.
 */
export function QueueList({ guildId, snapshot }: { guildId: string; snapshot: QueueSnapshot }) {
  const t = useMessages(musicMessages);
  const move = useMoveTrack(guildId);
  const operation = useQueueOperation(guildId);
  const [confirmingClear, setConfirmingClear] = useState(false);
  const clearButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const tracks = snapshot.upcoming;
  const ids = useMemo(() => trackKeys(tracks), [tracks]);
  const sensors = useSensors(
    // A few pixels of movement before a drag starts, so a tap on the handle stays a tap.
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const titleOf = (id: UniqueIdentifier) => tracks[ids.indexOf(String(id))]?.info.title ?? '';
  const positionOf = (id: UniqueIdentifier) => ids.indexOf(String(id)) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      t('dndPickedUp', { title: titleOf(active.id), position: positionOf(active.id) }),
    onDragOver: ({ active, over }) =>
      over ? t('dndOver', { title: titleOf(active.id), position: positionOf(over.id) }) : undefined,
    onDragEnd: ({ active, over }) =>
      over ? t('dndDropped', { title: titleOf(active.id), position: positionOf(over.id) }) : undefined,
    onDragCancel: ({ active }) => t('dndCancelled', { title: titleOf(active.id) }),
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = positionOf(active.id);
    const to = positionOf(over.id);
    if (from > 0 && to > 0) move.mutate({ from, to });
  };
  const clear = () => {
    setConfirmingClear(false);
    // The button pressed is going away with the list: keep the focus in the section.
    heading.current?.focus();
    void operation.mutateAsync({ type: 'clear' }).catch(() => undefined);
  };

  return (
    <section className="card stack" aria-labelledby="music-queue" data-testid="queue">
      <div className="row music-section-head">
        <h2 id="music-queue" ref={heading} tabIndex={-1}>
          {t('queue')}
        </h2>
        <span className="badge">{t('queueCount', { count: tracks.length })}</span>
        <span className="music-spacer" />
        {tracks.length > 0 && !confirmingClear && (
          <button
            ref={clearButton}
            type="button"
            className="button danger"
            onClick={() => setConfirmingClear(true)}
          >
            {t('clear')}
          </button>
        )}
      </div>
      {confirmingClear && (
        <div className="music-confirm row" role="alertdialog" aria-labelledby="music-clear-question">
          <p id="music-clear-question">{t('clearConfirm', { count: tracks.length })}</p>
          <button
            type="button"
            className="button primary"
            // biome-ignore lint/a11y/noAutofocus: the question just appeared in place of the button that asked it
            autoFocus
            onClick={clear}
          >
            {t('clearYes')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setConfirmingClear(false);
              requestAnimationFrame(() => clearButton.current?.focus());
            }}
          >
            {t('cancel')}
          </button>
        </div>
      )}
      {tracks.length === 0 ? (
        <p className="muted music-empty">{t('queueEmpty')}</p>
      ) : (
        <DndContext
          sensors={sensors}
          collisionDetection={closestCenter}
          onDragEnd={onDragEnd}
          accessibility={{ announcements, screenReaderInstructions: { draggable: t('dndInstructions') } }}
        >
          <SortableContext items={ids} strategy={verticalListSortingStrategy}>
            <ol className="list music-queue">
              {tracks.map((track, index) => (
                <QueueRow
                  key={ids[index]}
                  id={ids[index] as string}
                  track={track}
                  position={index + 1}
                  onRemove={() =>
                    void operation.mutateAsync({ type: 'remove', from: index + 1 }).catch(() => undefined)
                  }
                />
              ))}
            </ol>
          </SortableContext>
        </DndContext>
      )}
    </section>
  );
}

function QueueRow({
  id,
  track,
  position,
  onRemove,
}: {
  id: string;
  track: QueuedTrack;
  position: number;
  onRemove: () => void;
}) {
  const t = useMessages(musicMessages);
  const format = useFormat();
  const requester = useRequesterText();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id });
  const title = track.info.title;
  return (
    <li
      ref={setNodeRef}
      className={isDragging ? 'music-queue-row dragging' : 'music-queue-row'}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      data-testid="queue-item"
    >
      <button
        ref={setActivatorNodeRef}
        type="button"
        className="button icon music-handle"
        {...attributes}
        {...listeners}
        aria-label={t('moveHandle', { title, position })}
      >
        <span aria-hidden="true">⠿</span>
      </button>
      <span className="music-position muted">{position}</span>
      <div className="music-queue-text">
        <TrackTitle track={track} className="truncate music-queue-title" />
        <span className="muted truncate music-small">
          {track.info.author} · {t('requestedBy', { who: requester(track.requesterId) })}
        </span>
      </div>
      <span className="muted music-duration">
        {track.info.isStream ? t('liveStream') : format.duration(track.info.length)}
      </span>
      <button
        type="button"
        className="button icon danger"
        aria-label={t('remove', { title })}
        title={t('remove', { title })}
        onClick={onRemove}
      >
        <span aria-hidden="true">✕</span>
      </button>
    </li>
  );
}
