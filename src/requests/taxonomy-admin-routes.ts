import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../shared/index.ts';
import { smallId, smallIdParams } from './request-schemas.ts';
import { actorOf, ADMIN, type RequestRoutesDeps } from './route-access.ts';

// The admin's routes for categories and answer templates (the desk's GETs are in taxonomy-routes.ts).

const name = z.string().trim().min(1).max(120);
const code = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{1,59}$/, '2 to 60 of a-z, 0-9 and -');
// categories.deadline_hours: at most 90 days.
const deadlineHours = z.number().int().min(1).max(2160);
const deadlineBasis = z.enum(['working', 'calendar']);
const position = z.number().int().min(0).max(100_000);
const templateText = z.string().trim().min(1).max(500);
const hotkey = z.number().int().min(1).max(9);

const newCategoryBody = z
  .object({
    code: code.optional(),
    nameFa: name,
    nameEn: name,
    parentId: smallId.nullable().default(null),
    unitId: smallId.nullable().default(null),
    deadlineHours: deadlineHours.default(72),
    deadlineBasis: deadlineBasis.optional(),
    hazard: z.boolean().default(false),
    position: position.nullable().default(null),
    active: z.boolean().default(true),
  })
  .strict()
  // Hazards count every hour (a manhole is open at night too) unless the admin says otherwise.
  .transform((b) => ({ ...b, deadlineBasis: b.deadlineBasis ?? (b.hazard ? 'calendar' : 'working') }));

const categoryChangeBody = z
  .object({
    nameFa: name.optional(),
    nameEn: name.optional(),
    parentId: smallId.nullable().optional(),
    unitId: smallId.nullable().optional(),
    deadlineHours: deadlineHours.optional(),
    deadlineBasis: deadlineBasis.optional(),
    hazard: z.boolean().optional(),
    position: position.optional(),
    active: z.boolean().optional(),
  })
  .strict();

const newTemplateBody = z
  .object({ categoryId: smallId.nullable().default(null), textFa: templateText, textEn: templateText, hotkey })
  .strict();

const templateChangeBody = z
  .object({
    categoryId: smallId.nullable().optional(),
    textFa: templateText.optional(),
    textEn: templateText.optional(),
    hotkey: hotkey.optional(),
  })
  .strict();

export function registerTaxonomyAdminRoutes(app: FastifyInstance, { service }: RequestRoutesDeps): void {
  app.get('/categories/all', ADMIN, async () => ({ categories: await service.allCategories() }));

  app.post('/categories', ADMIN, async (req, reply) => {
    const body = parseInput(newCategoryBody, req.body);
    return reply.code(201).send(await service.addCategory(body, actorOf(req)));
  });

  app.patch('/categories/:id', ADMIN, async (req) => {
    const { id } = parseInput(smallIdParams, req.params);
    return service.changeCategory(id, parseInput(categoryChangeBody, req.body), actorOf(req));
  });

  app.get('/templates/all', ADMIN, async () => ({ templates: await service.allTemplates() }));

  app.post('/templates', ADMIN, async (req, reply) => {
    const body = parseInput(newTemplateBody, req.body);
    return reply.code(201).send(await service.addTemplate(body, actorOf(req)));
  });

  app.patch('/templates/:id', ADMIN, async (req) => {
    const { id } = parseInput(smallIdParams, req.params);
    return service.changeTemplate(id, parseInput(templateChangeBody, req.body), actorOf(req));
  });

  app.delete('/templates/:id', ADMIN, async (req, reply) => {
    const { id } = parseInput(smallIdParams, req.params);
    await service.removeTemplate(id, actorOf(req));
    return reply.code(204).send();
  });
}
