import { ApiErrors, fieldError } from '../errors.ts';
import type { AttachmentRecord } from '../state/types.ts';
import type { World } from './world.ts';

/** A file part of a multipart request (`files[n]`). */
export interface UploadedFile {
  /** The n of `files[n]`; what `attachments[].id` refers to. */
  index: number;
  filename: string;
  contentType: string | null;
  data: Buffer;
}

type AttachmentRef = { id: string | number; filename?: string; description?: string };

/**
 * Turns uploaded files and the body's `attachments` list into attachment records, the way Discord does:
 * numeric ids point at `files[n]`, snowflakes keep existing attachments, and without a list every file
 * is attached (plus, on edits, the attachments already there).
 */
export function buildAttachments(
  world: World,
  channelId: string,
  refs: readonly AttachmentRef[] | null | undefined,
  files: readonly UploadedFile[],
  existing: readonly AttachmentRecord[] = [],
): AttachmentRecord[] {
  const total = files.reduce((sum, f) => sum + f.data.length, 0);
  if (total > world.limits.maxUploadBytes) throw ApiErrors.tooLarge();
  if (!refs) return [...existing, ...files.map((file) => store(world, channelId, file, null))];
  const result: AttachmentRecord[] = [];
  refs.forEach((ref, i) => {
    const kept = existing.find((a) => a.id === String(ref.id));
    if (kept) {
      result.push(kept);
      return;
    }
    const file = files.find((f) => f.index === Number(ref.id));
    if (!file)
      throw fieldError(
        ['attachments', i, 'id'],
        `No file uploaded as files[${ref.id}]`,
        'ATTACHMENT_NOT_FOUND',
      );
    result.push(
      store(world, channelId, { ...file, filename: ref.filename ?? file.filename }, ref.description ?? null),
    );
  });
  return result;
}

function store(
  world: World,
  channelId: string,
  file: UploadedFile,
  description: string | null,
): AttachmentRecord {
  const id = world.store.ids.next();
  const attachment: AttachmentRecord = {
    id,
    filename: file.filename,
    description,
    contentType: file.contentType,
    size: file.data.length,
    url: `${world.baseUrl()}/attachments/${channelId}/${id}/${encodeURIComponent(file.filename)}`,
    data: file.data,
  };
  world.store.attachments.set(id, attachment);
  return attachment;
}
