import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { apiDoc, parseInput, type RouteDocInput } from '../shared/index.ts';
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

// Every route here is for admins only, and every change is audited by the service.
const doc = (summary: string, more: Omit<RouteDocInput, 'summary' | 'tags'> = {}) => ({
  schema: apiDoc({ summary: `${summary} (admins only)`, tags: 'requests', ...more }),
});
const missing = (what: string) => ({ 404: { description: `No such ${what}` } });

export function registerTaxonomyAdminRoutes(app: FastifyInstance, { service }: RequestRoutesDeps): void {
  const allCategoriesDoc = doc('Every category, inactive ones too, for the editor: { categories }');
  app.get('/categories/all', { ...ADMIN, ...allCategoriesDoc }, async () => ({
    categories: await service.allCategories(),
  }));

  const addCategoryDoc = doc('Add a category; audited', {
    body: newCategoryBody,
    response: {
      201: { description: 'The category' },
      409: { description: 'The code is taken (CATEGORY_CODE_TAKEN)' },
    },
  });
  app.post('/categories', { ...ADMIN, ...addCategoryDoc }, async (req, reply) => {
    const body = parseInput(newCategoryBody, req.body);
    return reply.code(201).send(await service.addCategory(body, actorOf(req)));
  });

  const changeCategoryDoc = doc('Change a category (names, parent, unit, deadline, hazard, order, active); audited', {
    params: smallIdParams,
    body: categoryChangeBody,
    response: { 200: { description: 'The category' }, ...missing('category') },
  });
  app.patch('/categories/:id', { ...ADMIN, ...changeCategoryDoc }, async (req) => {
    const { id } = parseInput(smallIdParams, req.params);
    return service.changeCategory(id, parseInput(categoryChangeBody, req.body), actorOf(req));
  });

  const allTemplatesDoc = doc('Every answer template, for the editor: { templates }');
  app.get('/templates/all', { ...ADMIN, ...allTemplatesDoc }, async () => ({
    templates: await service.allTemplates(),
  }));

  const hotkeyTaken = { 409: { description: 'The hotkey is taken in that list (HOTKEY_TAKEN)' } };
  const addTemplateDoc = doc('Add an answer template with its hotkey (1–9); audited', {
    body: newTemplateBody,
    response: { 201: { description: 'The template' }, ...hotkeyTaken },
  });
  app.post('/templates', { ...ADMIN, ...addTemplateDoc }, async (req, reply) => {
    const body = parseInput(newTemplateBody, req.body);
    return reply.code(201).send(await service.addTemplate(body, actorOf(req)));
  });

  const changeTemplateDoc = doc('Change an answer template; audited', {
    params: smallIdParams,
    body: templateChangeBody,
    response: { 200: { description: 'The template' }, ...missing('template'), ...hotkeyTaken },
  });
  app.patch('/templates/:id', { ...ADMIN, ...changeTemplateDoc }, async (req) => {
    const { id } = parseInput(smallIdParams, req.params);
    return service.changeTemplate(id, parseInput(templateChangeBody, req.body), actorOf(req));
  });

  const removeTemplateDoc = doc('Delete an answer template; audited', {
    params: smallIdParams,
    response: { 204: { description: 'Deleted' }, ...missing('template') },
  });
  app.delete('/templates/:id', { ...ADMIN, ...removeTemplateDoc }, async (req, reply) => {
    const { id } = parseInput(smallIdParams, req.params);
    await service.removeTemplate(id, actorOf(req));
    return reply.code(204).send();
  });
}
