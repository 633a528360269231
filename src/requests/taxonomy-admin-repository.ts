import type { Queryable } from './citizen-repository.ts';
import type { AnswerTemplate } from './request-types.ts';
import type {
  CategoryAdminView,
  CategoryFields,
  NewCategory,
  NewTemplate,
  TemplateFields,
} from './taxonomy-admin-types.ts';

// SQL of the admin's edits of categories (two levels, each with its unit, deadline and basis) and
// of the answer templates.

interface CategoryRow {
  id: number;
  code: string;
  parent_id: number | null;
  name_fa: string;
  name_en: string;
  unit_id: number | null;
  unit_fa: string | null;
  unit_en: string | null;
  deadline_hours: number;
  deadline_basis: 'working' | 'calendar';
  hazard: boolean;
  position: number;
  active: boolean;
  children: number;
}

const CATEGORY_SELECT = `
  SELECT c.id, c.code, c.parent_id, c.name_fa, c.name_en, c.unit_id, u.name_fa AS unit_fa, u.name_en AS unit_en,
         c.deadline_hours, c.deadline_basis, c.hazard, c.position, c.active,
         (SELECT count(*)::int FROM categories ch WHERE ch.parent_id = c.id) AS children
    FROM categories c LEFT JOIN units u ON u.id = c.unit_id`;

const toView = (c: CategoryRow): CategoryAdminView => ({
  id: String(c.id),
  code: c.code,
  parentId: c.parent_id == null ? null : String(c.parent_id),
  nameFa: c.name_fa,
  nameEn: c.name_en,
  unitId: c.unit_id,
  unitFa: c.unit_fa,
  unitEn: c.unit_en,
  deadlineHours: c.deadline_hours,
  deadlineBasis: c.deadline_basis,
  hazard: c.hazard,
  position: c.position,
  active: c.active,
  children: c.children,
});

/** Every category, inactive ones too: groups in their order, each followed by its subcategories. */
export async function listAllCategories(db: Queryable): Promise<CategoryAdminView[]> {
  const r = await db.query<CategoryRow>(
    `${CATEGORY_SELECT} LEFT JOIN categories p ON p.id = c.parent_id
      ORDER BY COALESCE(p.position, c.position), COALESCE(p.id, c.id), c.parent_id NULLS FIRST, c.position, c.id`,
  );
  return r.rows.map(toView);
}

export async function findCategoryView(db: Queryable, id: number): Promise<CategoryAdminView | null> {
  const r = await db.query<CategoryRow>(`${CATEGORY_SELECT} WHERE c.id = $1`, [id]);
  return r.rows[0] ? toView(r.rows[0]) : null;
}

export async function codeTaken(db: Queryable, code: string): Promise<boolean> {
  return ((await db.query(`SELECT 1 FROM categories WHERE code = $1`, [code])).rowCount ?? 0) > 0;
}

/** Whether this id is a top-level category (one that can hold subcategories). */
export async function isTopLevel(db: Queryable, id: number): Promise<boolean> {
  const r = await db.query(`SELECT 1 FROM categories WHERE id = $1 AND parent_id IS NULL`, [id]);
  return (r.rowCount ?? 0) > 0;
}

export async function insertCategory(db: Queryable, code: string, f: NewCategory): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO categories (code, parent_id, name_fa, name_en, unit_id, deadline_hours, deadline_basis, hazard, position, active)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
             COALESCE($9, (SELECT COALESCE(max(position), 0) + 1 FROM categories WHERE parent_id IS NOT DISTINCT FROM $2)), $10)
     RETURNING id`,
    [code, f.parentId, f.nameFa, f.nameEn, f.unitId, f.deadlineHours, f.deadlineBasis, f.hazard, f.position, f.active],
  );
  return r.rows[0]!.id;
}

/** The fields given change; the rest stay (null parentId/unitId are values: top level, no unit). */
export async function updateCategory(db: Queryable, id: number, f: CategoryFields): Promise<void> {
  const has = (k: keyof CategoryFields) => f[k] !== undefined;
  await db.query(
    `UPDATE categories SET
        parent_id = CASE WHEN $2 THEN $3::int ELSE parent_id END,
        name_fa = COALESCE($4, name_fa), name_en = COALESCE($5, name_en),
        unit_id = CASE WHEN $6 THEN $7::int ELSE unit_id END,
        deadline_hours = COALESCE($8, deadline_hours), deadline_basis = COALESCE($9, deadline_basis),
        hazard = COALESCE($10, hazard), position = COALESCE($11, position), active = COALESCE($12, active)
      WHERE id = $1`,
    [
      id,
      has('parentId'),
      f.parentId ?? null,
      f.nameFa ?? null,
      f.nameEn ?? null,
      has('unitId'),
      f.unitId ?? null,
      f.deadlineHours ?? null,
      f.deadlineBasis ?? null,
      f.hazard ?? null,
      f.position ?? null,
      f.active ?? null,
    ],
  );
}

/** A group taken out of use takes its subcategories with it (the desk lists only active ones). */
export async function deactivateChildren(db: Queryable, parentId: number): Promise<number[]> {
  const r = await db.query<{ id: number }>(
    `UPDATE categories SET active = false WHERE parent_id = $1 AND active RETURNING id`,
    [parentId],
  );
  return r.rows.map((x) => x.id);
}

interface TemplateRow {
  id: number;
  category_id: number | null;
  text_fa: string;
  text_en: string;
  hotkey: number;
}

const toTemplate = (t: TemplateRow): AnswerTemplate => ({
  id: String(t.id),
  categoryId: t.category_id == null ? null : String(t.category_id),
  textFa: t.text_fa,
  textEn: t.text_en,
  hotkey: t.hotkey,
});

/** Every template: the general ones first, then by category and hotkey. */
export async function listAllTemplates(db: Queryable): Promise<AnswerTemplate[]> {
  const r = await db.query<TemplateRow>(
    `SELECT id, category_id, text_fa, text_en, hotkey FROM answer_templates ORDER BY category_id NULLS FIRST, hotkey, id`,
  );
  return r.rows.map(toTemplate);
}

export async function findTemplate(db: Queryable, id: number): Promise<AnswerTemplate | null> {
  const r = await db.query<TemplateRow>(
    `SELECT id, category_id, text_fa, text_en, hotkey FROM answer_templates WHERE id = $1`,
    [id],
  );
  return r.rows[0] ? toTemplate(r.rows[0]) : null;
}

/** 'taken' when the category (or the general list) already has a template on that hotkey. */
export async function insertTemplate(db: Queryable, t: NewTemplate): Promise<AnswerTemplate | 'taken'> {
  try {
    const r = await db.query<TemplateRow>(
      `INSERT INTO answer_templates (category_id, text_fa, text_en, hotkey) VALUES ($1, $2, $3, $4)
       RETURNING id, category_id, text_fa, text_en, hotkey`,
      [t.categoryId, t.textFa, t.textEn, t.hotkey],
    );
    return toTemplate(r.rows[0]!);
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return 'taken';
    throw err;
  }
}

/** Same result convention as insertTemplate; 'missing' for an unknown id. */
export async function updateTemplate(
  db: Queryable,
  id: number,
  t: TemplateFields,
): Promise<AnswerTemplate | 'taken' | 'missing'> {
  try {
    const r = await db.query<TemplateRow>(
      `UPDATE answer_templates SET category_id = CASE WHEN $2 THEN $3::int ELSE category_id END,
              text_fa = COALESCE($4, text_fa), text_en = COALESCE($5, text_en), hotkey = COALESCE($6, hotkey)
        WHERE id = $1 RETURNING id, category_id, text_fa, text_en, hotkey`,
      [id, t.categoryId !== undefined, t.categoryId ?? null, t.textFa ?? null, t.textEn ?? null, t.hotkey ?? null],
    );
    return r.rows[0] ? toTemplate(r.rows[0]) : 'missing';
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return 'taken';
    throw err;
  }
}

export async function deleteTemplate(db: Queryable, id: number): Promise<AnswerTemplate | null> {
  const r = await db.query<TemplateRow>(
    `DELETE FROM answer_templates WHERE id = $1 RETURNING id, category_id, text_fa, text_en, hotkey`,
    [id],
  );
  return r.rows[0] ? toTemplate(r.rows[0]) : null;
}
