import type { UnitView } from './units-types.ts';

/**
 * Flat units (already in position order) → the forest of roots, each with its children in the same
 * order. A unit whose parent is missing is shown as a root rather than lost.
 */
export function buildTree(flat: UnitView[]): UnitView[] {
  const byId = new Map(flat.map((u) => [u.id, { ...u, children: [] as UnitView[] }]));
  const roots: UnitView[] = [];
  for (const u of byId.values()) {
    const parent = u.parentId == null ? undefined : byId.get(u.parentId);
    if (parent) parent.children.push(u);
    else roots.push(u);
  }
  return roots;
}
