import type { DbClient } from '../db/index.ts';

// The corrections an operator makes from the triage queue: the request's category, place and
// hazard flag (requests, categories, neighbourhoods of migration 002).

export async function activeCategory(c: DbClient, id: number): Promise<boolean> {
  const r = await c.query(`SELECT 1 FROM categories WHERE id = $1 AND active`, [id]);
  return (r.rowCount ?? 0) > 0;
}

export async function neighbourhoodExists(c: DbClient, id: number): Promise<boolean> {
  const r = await c.query(`SELECT 1 FROM neighbourhoods WHERE id = $1`, [id]);
  return (r.rowCount ?? 0) > 0;
}

export async function setClassification(
  c: DbClient,
  id: string,
  v: { categoryId: number; neighbourhoodId: number | null; hazard: boolean },
): Promise<void> {
  await c.query(`UPDATE requests SET category_id = $2, neighbourhood_id = $3, hazard = $4 WHERE id = $1`, [
    id,
    v.categoryId,
    v.neighbourhoodId,
    v.hazard,
  ]);
}
