import type { Queryable } from './citizen-repository.ts';
import type { CategoryView, DistrictView, NeighbourhoodView } from './request-types.ts';

// Categories, units, districts and neighbourhoods: the lists an operator picks from.

export interface CategoryRow {
  id: number;
  isGroup: boolean;
  active: boolean;
  unitId: number | null;
  deadlineHours: number;
  hazard: boolean;
}

export async function listCategories(db: Queryable): Promise<CategoryView[]> {
  const r = await db.query<{
    id: number;
    code: string;
    parent_id: number | null;
    name_fa: string;
    name_en: string;
    unit_fa: string | null;
    unit_en: string | null;
    deadline_hours: number;
    hazard: boolean;
  }>(
    `SELECT c.id, c.code, c.parent_id, c.name_fa, c.name_en, u.name_fa AS unit_fa, u.name_en AS unit_en, c.deadline_hours, c.hazard
       FROM categories c LEFT JOIN categories p ON p.id = c.parent_id LEFT JOIN units u ON u.id = c.unit_id
      WHERE c.active
      ORDER BY COALESCE(p.position, c.position), c.parent_id NULLS FIRST, c.position, c.id`,
  );
  return r.rows.map((c) => ({
    id: String(c.id),
    code: c.code,
    parentId: c.parent_id == null ? null : String(c.parent_id),
    nameFa: c.name_fa,
    nameEn: c.name_en,
    unitFa: c.unit_fa,
    unitEn: c.unit_en,
    deadlineHours: c.deadline_hours,
    hazard: c.hazard,
  }));
}

export async function findCategory(db: Queryable, id: number): Promise<CategoryRow | null> {
  const r = await db.query<{
    id: number;
    is_group: boolean;
    active: boolean;
    unit_id: number | null;
    deadline_hours: number;
    hazard: boolean;
  }>(
    `SELECT c.id, c.active, c.unit_id, c.deadline_hours, c.hazard,
            EXISTS (SELECT 1 FROM categories ch WHERE ch.parent_id = c.id) AS is_group
       FROM categories c WHERE c.id = $1`,
    [id],
  );
  const c = r.rows[0];
  return c
    ? {
        id: c.id,
        isGroup: c.is_group,
        active: c.active,
        unitId: c.unit_id,
        deadlineHours: c.deadline_hours,
        hazard: c.hazard,
      }
    : null;
}

/**
 * A registration's two checks in one round trip: the category (null when unknown) and whether the
 * neighbourhood exists (true when none is given).
 */
export async function categoryAndPlace(
  db: Queryable,
  categoryId: number,
  neighbourhoodId: number | null,
): Promise<{ cat: CategoryRow | null; placeKnown: boolean }> {
  const r = await db.query<{
    id: number | null;
    is_group: boolean;
    active: boolean;
    unit_id: number | null;
    deadline_hours: number;
    hazard: boolean;
    place_known: boolean;
  }>({
    name: 'requests-category-and-place', // prepared once per connection: every registration runs it
    text: `SELECT c.id, c.active, c.unit_id, c.deadline_hours, c.hazard,
                  EXISTS (SELECT 1 FROM categories ch WHERE ch.parent_id = c.id) AS is_group,
                  ($2::int IS NULL OR EXISTS (SELECT 1 FROM neighbourhoods WHERE id = $2::int)) AS place_known
             FROM (SELECT $1::int AS id) k LEFT JOIN categories c ON c.id = k.id`,
    values: [categoryId, neighbourhoodId],
  });
  const c = r.rows[0]!;
  const cat =
    c.id === null
      ? null
      : {
          ...{ id: c.id, isGroup: c.is_group, active: c.active, unitId: c.unit_id },
          ...{ deadlineHours: c.deadline_hours, hazard: c.hazard },
        };
  return { cat, placeKnown: c.place_known };
}

export async function neighbourhoodExists(db: Queryable, id: number): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM neighbourhoods WHERE id = $1`, [id])).rowCount === 1;
}

export async function listDistricts(db: Queryable): Promise<DistrictView[]> {
  const r = await db.query<{
    id: number;
    name_fa: string;
    name_en: string;
    position: number;
    neighbourhoods: Array<{ id: number; nameFa: string; nameEn: string }>;
  }>(
    `SELECT d.id, d.name_fa, d.name_en, d.position,
            COALESCE(json_agg(json_build_object('id', n.id, 'nameFa', n.name_fa, 'nameEn', n.name_en) ORDER BY n.name_fa)
                     FILTER (WHERE n.id IS NOT NULL), '[]') AS neighbourhoods
       FROM districts d LEFT JOIN neighbourhoods n ON n.district_id = d.id
      GROUP BY d.id ORDER BY d.position, d.id`,
  );
  return r.rows.map((d) => ({
    id: String(d.id),
    nameFa: d.name_fa,
    nameEn: d.name_en,
    position: d.position,
    neighbourhoods: d.neighbourhoods.map((n) => ({ id: String(n.id), nameFa: n.nameFa, nameEn: n.nameEn })),
  }));
}

/** null when the Persian name is taken (names are what operators search by). */
export async function insertDistrict(db: Queryable, nameFa: string, nameEn: string): Promise<DistrictView | null> {
  const r = await db.query<{ id: number; position: number }>(
    `INSERT INTO districts (name_fa, name_en, position)
     VALUES ($1, $2, (SELECT COALESCE(max(position), 0) + 1 FROM districts))
     ON CONFLICT (name_fa) DO NOTHING RETURNING id, position`,
    [nameFa, nameEn],
  );
  const row = r.rows[0];
  return row ? { id: String(row.id), nameFa, nameEn, position: row.position, neighbourhoods: [] } : null;
}

/**
 * Rename or move in the list; undefined fields stay. Positions may repeat (ties fall back to the
 * id), so one change never has to renumber the others. 'missing' for an unknown id, 'taken' for a
 * duplicate name.
 */
export async function updateDistrict(
  db: Queryable,
  id: number,
  ch: { nameFa?: string | undefined; nameEn?: string | undefined; position?: number | undefined },
): Promise<{ id: string; nameFa: string; nameEn: string; position: number } | 'missing' | 'taken'> {
  try {
    const r = await db.query<{ id: number; name_fa: string; name_en: string; position: number }>(
      `UPDATE districts SET name_fa = COALESCE($2, name_fa), name_en = COALESCE($3, name_en), position = COALESCE($4, position)
        WHERE id = $1 RETURNING id, name_fa, name_en, position`,
      [id, ch.nameFa ?? null, ch.nameEn ?? null, ch.position ?? null],
    );
    const d = r.rows[0];
    return d ? { id: String(d.id), nameFa: d.name_fa, nameEn: d.name_en, position: d.position } : 'missing';
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return 'taken';
    throw err;
  }
}

export async function districtExists(db: Queryable, id: number): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM districts WHERE id = $1`, [id])).rowCount === 1;
}

export async function insertNeighbourhood(
  db: Queryable,
  districtId: number,
  nameFa: string,
  nameEn: string,
): Promise<NeighbourhoodView | null> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO neighbourhoods (district_id, name_fa, name_en) VALUES ($1, $2, $3)
     ON CONFLICT (district_id, name_fa) DO NOTHING RETURNING id`,
    [districtId, nameFa, nameEn],
  );
  return r.rows[0] ? { id: String(r.rows[0].id), districtId: String(districtId), nameFa, nameEn } : null;
}

/** Rename or move to another district; same result convention as updateDistrict. */
export async function updateNeighbourhood(
  db: Queryable,
  id: number,
  ch: { nameFa?: string | undefined; nameEn?: string | undefined; districtId?: number | undefined },
): Promise<NeighbourhoodView | 'missing' | 'taken'> {
  try {
    const r = await db.query<{ id: number; district_id: number; name_fa: string; name_en: string }>(
      `UPDATE neighbourhoods SET name_fa = COALESCE($2, name_fa), name_en = COALESCE($3, name_en), district_id = COALESCE($4, district_id)
        WHERE id = $1 RETURNING id, district_id, name_fa, name_en`,
      [id, ch.nameFa ?? null, ch.nameEn ?? null, ch.districtId ?? null],
    );
    const n = r.rows[0];
    return n
      ? { id: String(n.id), districtId: String(n.district_id), nameFa: n.name_fa, nameEn: n.name_en }
      : 'missing';
  } catch (err) {
    if ((err as { code?: string }).code === '23505') return 'taken';
    throw err;
  }
}
