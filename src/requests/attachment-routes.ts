import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireRole, STAFF_ROLES, UNIT_ROLES } from '../auth/index.ts';
import { AppError, parseInput } from '../shared/index.ts';
import { ATTACHMENT_MAX_BYTES, type Attachments } from './attachment-service.ts';
import { IMAGE_MIMES } from './photo-sanitize.ts';
import { unitWorkDocs as docs } from './request-route-docs.ts';
import { idParams } from './request-schemas.ts';
import { actorOf } from './route-access.ts';

// Photos over HTTP: POST the image itself as the body (Content-Type image/jpeg or image/png, at
// most 5 MB), GET it back as bytes. The raw image parser lives in this route's own scope, so the
// rest of the API still takes JSON only.

const UPLOADERS = { preHandler: requireRole('unit', 'unit-manager', 'operator', 'supervisor', 'admin') };
const VIEWERS = { preHandler: requireRole(...STAFF_ROLES, ...UNIT_ROLES) };

const uuidParams = z.object({ id: z.uuid({ error: 'the photo id in the address is not valid' }) });

const tooLarge = () =>
  new AppError(
    'PHOTO_TOO_LARGE',
    413,
    'The photo is larger than 5 MB; send a smaller one (phones can share a reduced size)',
  );

export function registerAttachmentRoutes(app: FastifyInstance, attachments: Attachments): void {
  app.register(async (sub) => {
    sub.addContentTypeParser(
      [...IMAGE_MIMES],
      { parseAs: 'buffer', bodyLimit: ATTACHMENT_MAX_BYTES },
      (_req, body, done) => done(null, body),
    );
    // Refused before a byte of the body is read when the size is announced; a chunked body is cut at the limit (413 too).
    sub.addHook('onRequest', async (req) => {
      if (Number(req.headers['content-length'] ?? 0) > ATTACHMENT_MAX_BYTES) throw tooLarge();
    });
    sub.post(
      '/requests/:id/attachments',
      { ...UPLOADERS, ...docs.upload, bodyLimit: ATTACHMENT_MAX_BYTES },
      async (req, reply) => {
        const { id } = parseInput(idParams, req.params);
        const media = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (!Buffer.isBuffer(req.body) || !(IMAGE_MIMES as readonly string[]).includes(media))
          throw new AppError(
            'UNSUPPORTED_IMAGE',
            415,
            'Send the photo itself as the body, with Content-Type image/jpeg or image/png',
          );
        return reply.code(201).send(await attachments.upload(id, req.body, media, actorOf(req)));
      },
    );
  });

  app.get('/attachments/:id', { ...VIEWERS, ...docs.photo }, async (req, reply) => {
    const { id } = parseInput(uuidParams, req.params);
    const photo = await attachments.open(id, actorOf(req));
    return (
      reply
        .header('content-type', photo.mime)
        .header('content-disposition', 'inline')
        .header('x-content-type-options', 'nosniff')
        // Private: never kept by a shared cache; not stored by the browser either, so each look is a request (audited).
        .header('cache-control', 'private, no-store')
        .send(photo.data)
    );
  });
}
