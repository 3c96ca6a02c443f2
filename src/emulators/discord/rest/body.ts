import type { FastifyRequest } from 'fastify';
import type { UploadedFile } from '../domain/attachments.ts';
import { ApiErrors } from '../errors.ts';

/** A request body that may come as JSON or as multipart (`payload_json` + `files[n]`). */
export interface MessageRequest {
  body: unknown;
  files: UploadedFile[];
}

const FILE_FIELD = /^files\[(\d+)\]$/;

/**
 * Reads a message-carrying request. discord.js sends JSON without files and multipart/form-data with
 * them: the JSON in the `payload_json` field, each file as `files[n]`.
 */
export async function readMessageRequest(request: FastifyRequest): Promise<MessageRequest> {
  if (!request.isMultipart()) return { body: request.body ?? {}, files: [] };
  let body: unknown = {};
  const files: UploadedFile[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (part.fieldname === 'payload_json') body = JSON.parse(String(part.value));
        continue;
      }
      const match = FILE_FIELD.exec(part.fieldname);
      const data = await part.toBuffer();
      if (!match) continue;
      files.push({
        index: Number(match[1]),
        filename: part.filename || `file${match[1]}`,
        contentType: part.mimetype || null,
        data,
      });
    }
  } catch (error) {
    if (error instanceof SyntaxError) throw ApiErrors.invalidJson();
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw ApiErrors.tooLarge();
    throw error;
  }
  return { body, files };
}
