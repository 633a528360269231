import { createHash, randomUUID } from 'node:crypto';
import { isUnitRole } from '../auth/index.ts';
import { recordAudit, withTransaction, type Db } from '../db/index.ts';
import { AppError, notFound, type Logger } from '../shared/index.ts';
import * as a from './attachment-repository.ts';
import type { AttachmentStore } from './attachment-store.ts';
import { requestClosed, requestNotFound } from './errors.ts';
import { ImageRejected, sanitizeImage, type ImageMime } from './photo-sanitize.ts';
import type { Actor } from './request-types.ts';
import { assertUnitHolds } from './unit-scope.ts';

// Photos of a request (a unit reports the work done with them). Judged by their bytes, stored
// without metadata, served only to who may see the request, every view audited like a look at the
// request itself.

export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
/** Enough for before/after shots of several visits; stops a loop or a script from filling the disk. */
export const ATTACHMENTS_PER_REQUEST_MAX = 30;

export interface UploadedAttachment {
  id: string;
  mime: ImageMime;
  bytes: number;
  sha256: string;
  width: number;
  height: number;
  createdAt: string;
}

export interface ServedAttachment {
  mime: ImageMime;
  data: Buffer;
}

export interface Attachments {
  /** `declared` is the Content-Type's media type; it must agree with what the bytes are. */
  upload(requestId: string, body: Buffer, declared: string, actor: Actor): Promise<UploadedAttachment>;
  /** The photo's bytes for someone who may see its request (else NOT_FOUND); the view is audited first. */
  open(id: string, actor: Actor): Promise<ServedAttachment>;
}

export interface AttachmentDeps {
  db: Db;
  store: AttachmentStore;
  /** Whether the actor may see the request (staff: any; unit roles: their units' current or past ones). */
  canSee(actor: Actor, requestId: string): Promise<boolean>;
  logger: Logger;
}

const unsupported = (message: string) => new AppError('UNSUPPORTED_IMAGE', 415, message);
const tooMany = () =>
  new AppError(
    'TOO_MANY_ATTACHMENTS',
    409,
    `This request already has ${ATTACHMENTS_PER_REQUEST_MAX} photos; no more can be added`,
  );
const photoNotFound = () => notFound('The photo');
const label = (m: ImageMime) => (m === 'image/jpeg' ? 'a JPEG' : 'a PNG');

/** Staff add photos to any open request; a unit only to the request it holds now. */
async function checkUploader(db: Db, requestId: string, actor: Actor): Promise<void> {
  const target = await a.attachmentTarget(db, requestId);
  if (!target) throw requestNotFound();
  if (isUnitRole(actor.role)) await assertUnitHolds(db, actor, requestId);
  if (target.status === 'closed') throw requestClosed(target.trackingCode);
  if (target.photos >= ATTACHMENTS_PER_REQUEST_MAX) throw tooMany();
}

/** The image without metadata, or 415 saying what is wrong (never trusting the declared type). */
function sanitize(body: Buffer, declared: string) {
  if (body.length === 0) throw unsupported('The photo is empty; send the image file itself as the request body');
  let image;
  try {
    image = sanitizeImage(body);
  } catch (err) {
    if (err instanceof ImageRejected) throw unsupported(`${err.message}; send a JPEG or PNG photo`);
    throw err;
  }
  if (image.mime !== declared)
    throw unsupported(`The file is ${label(image.mime)} image but was sent as ${declared}; send it as ${image.mime}`);
  return image;
}

export function createAttachments(deps: AttachmentDeps): Attachments {
  const { db, store, logger } = deps;
  return {
    async upload(requestId, body, declared, actor) {
      await checkUploader(db, requestId, actor);
      const image = sanitize(body, declared);
      const id = randomUUID();
      const sha256 = createHash('sha256').update(image.data).digest('hex');
      await store.write(id, image.data);
      const row = { id, requestId, mime: image.mime, bytes: image.data.length, sha256, uploadedBy: actor.userId };
      let createdAt: Date;
      try {
        createdAt = await withTransaction(db, async (c) => {
          const at = await a.insertAttachment(c, row);
          await recordAudit(c, actor.userId, 'attachment-uploaded', `request:${requestId}`, {
            attachmentId: id,
            mime: image.mime,
            bytes: row.bytes,
            sentBytes: body.length,
            removed: image.removed,
          });
          return at;
        });
      } catch (err) {
        // No row, no file: a photo nobody can reach must not stay on disk.
        await store.remove(id).catch(() => undefined);
        throw err;
      }
      const { width, height } = image;
      return { id, mime: image.mime, bytes: row.bytes, sha256, width, height, createdAt: createdAt.toISOString() };
    },

    async open(id, actor) {
      const row = await a.attachmentById(db, id);
      if (!row || !(await deps.canSee(actor, row.requestId))) throw photoNotFound();
      const data = await store.read(row.id); // the canonical (lower-case) id: the address may spell it in capitals
      if (!data || createHash('sha256').update(data).digest('hex') !== row.sha256) {
        logger.error(
          { attachment: id, request: row.requestId, found: !!data },
          'photo file missing or altered on disk',
        );
        throw photoNotFound();
      }
      await recordAudit(db, actor.userId, 'attachment-viewed', `request:${row.requestId}`, {
        attachmentId: id,
        via: 'attachment',
      });
      return { mime: row.mime, data };
    },
  };
}
