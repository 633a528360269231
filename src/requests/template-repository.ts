import type { Queryable } from './citizen-repository.ts';
import type { AnswerTemplate } from './request-types.ts';

/**
 * The phrases for one category plus the general ones, by hotkey. When a category phrase uses the
 * same hotkey as a general one, the category's wins: it is the more specific answer.
 */
export async function listTemplates(db: Queryable, categoryId: number | null): Promise<AnswerTemplate[]> {
  const r = await db.query<{
    id: number;
    category_id: number | null;
    text_fa: string;
    text_en: string;
    hotkey: number;
  }>(
    `SELECT DISTINCT ON (hotkey) id, category_id, text_fa, text_en, hotkey
       FROM answer_templates
      WHERE category_id IS NULL OR category_id = $1
      ORDER BY hotkey, category_id NULLS LAST`,
    [categoryId],
  );
  return r.rows.map((t) => ({
    id: String(t.id),
    categoryId: t.category_id == null ? null : String(t.category_id),
    textFa: t.text_fa,
    textEn: t.text_en,
    hotkey: t.hotkey,
  }));
}
