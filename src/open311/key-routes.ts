import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { currentUser, requireRole } from '../auth/index.ts';
import { recordAudit, type Db } from '../db/index.ts';
import { apiDoc, notFound, parseInput } from '../shared/index.ts';
import { insertKey, listKeys, revokeKey } from './open311-repository.ts';
import { keyHash } from './open311-routes.ts';

// Admins issue Open311 API keys to client apps (in /api/v1). Only the sha256 is stored: the key
// is in the answer to its creation and nowhere else.

const ADMIN = { preHandler: requireRole('admin') };
const newKey = z.object({
  name: z.string().trim().min(1).max(100),
  perMinute: z.number().int().min(1).max(100_000).default(60),
});
const idParams = z.object({
  id: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1),
});

// What the routes answer, for the OpenAPI description only (the repository's KeyView).
const keyView = z.object({
  id: z.number().int(),
  name: z.string(),
  perMinute: z.number().int(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
const TAGS = 'open311';
const DOCS = {
  list: apiDoc({
    summary: 'The Open311 API keys, revoked ones too; never the key itself (admins only)',
    tags: TAGS,
    response: { 200: z.object({ items: z.array(keyView) }) },
  }),
  create: apiDoc({
    summary: 'Issue an Open311 API key to a client app; the key is in this answer only (admins only); audited',
    tags: TAGS,
    body: newKey,
    response: { 201: keyView.extend({ key: z.string() }) },
  }),
  revoke: apiDoc({
    summary: 'Revoke an Open311 API key now (admins only); audited',
    tags: TAGS,
    params: idParams,
    response: { 204: { description: 'Revoked' }, 404: { description: 'No live key with this id' } },
  }),
};

export function registerKeyRoutes(api: FastifyInstance, db: Db): void {
  api.get('/open311/keys', { ...ADMIN, schema: DOCS.list }, async () => ({ items: await listKeys(db) }));

  api.post('/open311/keys', { ...ADMIN, schema: DOCS.create }, async (req, reply) => {
    const body = parseInput(newKey, req.body);
    const key = `o311_${randomBytes(24).toString('base64url')}`;
    const u = currentUser(req);
    const view = await insertKey(db, {
      name: body.name,
      hash: keyHash(key),
      perMinute: body.perMinute,
      createdBy: u.id,
    });
    await recordAudit(db, u.id, 'open311-key-created', `open311-key:${view.id}`, { name: view.name });
    return reply.code(201).send({ ...view, key });
  });

  api.delete('/open311/keys/:id', { ...ADMIN, schema: DOCS.revoke }, async (req, reply) => {
    const { id } = parseInput(idParams, req.params);
    if (!(await revokeKey(db, id))) throw notFound(`A live Open311 key ${id}`);
    await recordAudit(db, currentUser(req).id, 'open311-key-revoked', `open311-key:${id}`);
    return reply.code(204).send();
  });
}
