import { recordAudit, withTransaction, type Db } from '../db/index.ts';
import { AppError, conflict, notFound } from '../shared/index.ts';
import { unknownCategory, unknownUnit } from './errors.ts';
import type { Actor, AnswerTemplate } from './request-types.ts';
import * as repo from './taxonomy-admin-repository.ts';
import type {
  CategoryAdminView,
  CategoryFields,
  NewCategory,
  NewTemplate,
  TemplateFields,
} from './taxonomy-admin-types.ts';
import { unitExists } from '../units/index.ts';
import { findCategory } from './taxonomy-repository.ts';

// The admin's edits of the categories (two levels; each leaf with its fallback unit, deadline
// hours and how they count) and of the answer templates. Every change audited; the desk's lists
// (GET /categories, /templates) show the result at their next read.

export interface TaxonomyAdmin {
  allCategories(): Promise<CategoryAdminView[]>;
  addCategory(input: NewCategory, actor: Actor): Promise<CategoryAdminView>;
  changeCategory(id: number, change: CategoryFields, actor: Actor): Promise<CategoryAdminView>;
  allTemplates(): Promise<AnswerTemplate[]>;
  addTemplate(input: NewTemplate, actor: Actor): Promise<AnswerTemplate>;
  changeTemplate(id: number, change: TemplateFields, actor: Actor): Promise<AnswerTemplate>;
  removeTemplate(id: number, actor: Actor): Promise<void>;
}

const codeTaken = (code: string) =>
  conflict('CATEGORY_CODE_TAKEN', `A category with the code ${code} exists already; choose another code`);
const tooDeep = (why: string) => new AppError('CATEGORY_TOO_DEEP', 400, `Categories have two levels: ${why}`);
const hotkeyTaken = (hotkey: number) =>
  conflict('HOTKEY_TAKEN', `Hotkey ${hotkey} is taken in this list of templates; choose another key (1–9)`);

/** "Street lights out" → "street-lights-out"; a code nobody has yet (-2, -3 … when needed). */
async function freeCode(db: Db, nameEn: string): Promise<string> {
  const base =
    nameEn
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'category';
  for (let n = 1; ; n++) {
    const code = n === 1 ? base : `${base}-${n}`;
    if (!(await repo.codeTaken(db, code))) return code;
  }
}

/** The parent must be a group (top level), not the category itself; a category with children stays on top. */
async function checkParent(db: Db, id: number | null, parentId: number | null | undefined): Promise<void> {
  if (parentId == null) return;
  if (parentId === id) throw tooDeep('a category cannot be its own group');
  if (!(await repo.isTopLevel(db, parentId))) {
    if (!(await findCategory(db, parentId))) throw unknownCategory(parentId);
    throw tooDeep('the group chosen is itself a subcategory');
  }
  if (id !== null && ((await repo.findCategoryView(db, id))?.children ?? 0) > 0)
    throw tooDeep('this category has subcategories, so it stays a group');
}

async function checkUnit(db: Db, unitId: number | null | undefined): Promise<void> {
  if (unitId != null && !(await unitExists(db, unitId))) throw unknownUnit(unitId);
}

async function checkTemplateCategory(db: Db, categoryId: number | null | undefined): Promise<void> {
  if (categoryId != null && !(await findCategory(db, categoryId))) throw unknownCategory(categoryId);
}

export function createTaxonomyAdmin(db: Db): TaxonomyAdmin {
  return {
    allCategories: () => repo.listAllCategories(db),

    async addCategory(input, actor) {
      await checkParent(db, null, input.parentId);
      await checkUnit(db, input.unitId);
      if (input.code && (await repo.codeTaken(db, input.code))) throw codeTaken(input.code);
      const code = input.code ?? (await freeCode(db, input.nameEn));
      const id = await withTransaction(db, async (c) => {
        const newId = await repo.insertCategory(c, code, input);
        await recordAudit(c, actor.userId, 'category-created', `category:${newId}`, { ...input, code });
        return newId;
      });
      return (await repo.findCategoryView(db, id))!;
    },

    async changeCategory(id, change, actor) {
      const before = await repo.findCategoryView(db, id);
      if (!before) throw notFound(`Category ${id}`);
      await checkParent(db, id, change.parentId);
      await checkUnit(db, change.unitId);
      // A hazard counts every hour unless the admin says otherwise (as migration 014 set them).
      const fields =
        change.hazard && !change.deadlineBasis ? { ...change, deadlineBasis: 'calendar' as const } : change;
      await withTransaction(db, async (c) => {
        await repo.updateCategory(c, id, fields);
        const children = fields.active === false ? await repo.deactivateChildren(c, id) : [];
        await recordAudit(c, actor.userId, 'category-updated', `category:${id}`, {
          code: before.code,
          changes: fields,
          ...(children.length ? { deactivatedChildren: children } : {}),
        });
      });
      return (await repo.findCategoryView(db, id))!;
    },

    allTemplates: () => repo.listAllTemplates(db),

    async addTemplate(input, actor) {
      await checkTemplateCategory(db, input.categoryId);
      const t = await repo.insertTemplate(db, input);
      if (t === 'taken') throw hotkeyTaken(input.hotkey);
      await recordAudit(db, actor.userId, 'template-created', `template:${t.id}`, input);
      return t;
    },

    async changeTemplate(id, change, actor) {
      await checkTemplateCategory(db, change.categoryId);
      const before = await repo.findTemplate(db, id);
      if (!before) throw notFound(`Template ${id}`);
      const t = await repo.updateTemplate(db, id, change);
      if (t === 'missing') throw notFound(`Template ${id}`);
      if (t === 'taken') throw hotkeyTaken(change.hotkey ?? before.hotkey);
      await recordAudit(db, actor.userId, 'template-updated', `template:${id}`, { before, changes: change });
      return t;
    },

    async removeTemplate(id, actor) {
      const t = await repo.deleteTemplate(db, id);
      if (!t) throw notFound(`Template ${id}`);
      await recordAudit(db, actor.userId, 'template-deleted', `template:${id}`, t);
    },
  };
}
