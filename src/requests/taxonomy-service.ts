import type { Db } from '../db/index.ts';
import { recordAudit } from '../db/index.ts';
import { nameTaken, unknownDistrict } from './errors.ts';
import { notFound } from '../shared/index.ts';
import type { Actor, AnswerTemplate, CategoryView, DistrictView, NeighbourhoodView } from './request-types.ts';
import * as repo from './taxonomy-repository.ts';
import { listTemplates } from './template-repository.ts';
import { createTaxonomyAdmin, type TaxonomyAdmin } from './taxonomy-admin-service.ts';

// The lists operators pick from, and the admin's edits of districts and neighbourhoods (each
// edit audited: the neighbourhood of a request decides which district is accountable for it).

/** The pick lists, the places' edits, and the admin's edits of categories and templates. */
export interface TaxonomyService extends TaxonomyAdmin {
  categories(): Promise<CategoryView[]>;
  districts(): Promise<DistrictView[]>;
  templates(categoryId: number | null): Promise<AnswerTemplate[]>;
  addDistrict(nameFa: string, nameEn: string, actor: Actor): Promise<DistrictView>;
  renameDistrict(
    id: number,
    change: { nameFa?: string | undefined; nameEn?: string | undefined; position?: number | undefined },
    actor: Actor,
  ): Promise<{ id: string; nameFa: string; nameEn: string; position: number }>;
  addNeighbourhood(districtId: number, nameFa: string, nameEn: string, actor: Actor): Promise<NeighbourhoodView>;
  updateNeighbourhood(
    id: number,
    change: { nameFa?: string | undefined; nameEn?: string | undefined; districtId?: number | undefined },
    actor: Actor,
  ): Promise<NeighbourhoodView>;
}

export function createTaxonomyService(db: Db): TaxonomyService {
  return {
    ...createTaxonomyAdmin(db),
    categories: () => repo.listCategories(db),
    districts: () => repo.listDistricts(db),
    templates: (categoryId) => listTemplates(db, categoryId),

    async addDistrict(nameFa, nameEn, actor) {
      const d = await repo.insertDistrict(db, nameFa, nameEn);
      if (!d) throw nameTaken('A district');
      await recordAudit(db, actor.userId, 'district-added', d.id, { nameFa, nameEn });
      return d;
    },

    async renameDistrict(id, change, actor) {
      const d = await repo.updateDistrict(db, id, change);
      if (d === 'missing') throw unknownDistrict(id);
      if (d === 'taken') throw nameTaken('A district');
      await recordAudit(db, actor.userId, 'district-renamed', d.id, change);
      return d;
    },

    async addNeighbourhood(districtId, nameFa, nameEn, actor) {
      if (!(await repo.districtExists(db, districtId))) throw unknownDistrict(districtId);
      const n = await repo.insertNeighbourhood(db, districtId, nameFa, nameEn);
      if (!n) throw nameTaken('A neighbourhood of this district');
      await recordAudit(db, actor.userId, 'neighbourhood-added', n.id, { districtId, nameFa, nameEn });
      return n;
    },

    async updateNeighbourhood(id, change, actor) {
      if (change.districtId != null && !(await repo.districtExists(db, change.districtId)))
        throw unknownDistrict(change.districtId);
      const n = await repo.updateNeighbourhood(db, id, change);
      if (n === 'missing') throw notFound(`Neighbourhood ${id}`);
      if (n === 'taken') throw nameTaken('A neighbourhood of this district');
      await recordAudit(db, actor.userId, 'neighbourhood-updated', n.id, change);
      return n;
    },
  };
}
