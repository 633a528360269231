import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { currentUser, requireRole } from '../auth/index.ts';
import { recordAudit, type Db } from '../db/index.ts';
import { notFound, parseInput } from '../shared/index.ts';
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

export function registerKeyRoutes(api: FastifyInstance, db: Db): void {
  api.get('/open311/keys', ADMIN, async () => ({ items: await listKeys(db) }));

  api.post('/open311/keys', ADMIN, async (req, reply) => {
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

  api.delete('/open311/keys/:id', ADMIN, async (req, reply) => {
    const { id } = parseInput(idParams, req.params);
    if (!(await revokeKey(db, id))) throw notFound(`A live Open311 key ${id}`);
    await recordAudit(db, currentUser(req).id, 'open311-key-revoked', `open311-key:${id}`);
    return reply.code(204).send();
  });
}
