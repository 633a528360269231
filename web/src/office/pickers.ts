// Selects filled from the reference lists: units as an indented tree, categories under their
// groups, districts and their neighbourhoods. Each keeps its value across a refill (a language
// switch redraws them).
import { h, replace } from '../lib/dom.ts';
import { getLang } from '../i18n/i18n.ts';
import { nameIn } from './format.ts';
import type { Reference } from './reference.ts';

/** The units, children indented under their parents; `first` is the "any"/"choose" option. */
export function fillUnits(select: HTMLSelectElement, ref: Reference, first: string, onlyActive = true): void {
  const value = select.value;
  const lang = getLang();
  replace(
    select,
    h('option', { attrs: { value: '' } }, first),
    ...ref.units
      .filter((u) => u.active || !onlyActive)
      .map((u) =>
        h(
          'option',
          { attrs: { value: u.id, 'data-kind': u.kind } },
          `${'\u00a0\u00a0\u00a0'.repeat(u.depth)}${nameIn(u.nameFa, u.nameEn, lang)}`,
        ),
      ),
  );
  select.value = value;
}

/** Categories under their groups (a group itself is not a request's category). */
export function fillCategories(select: HTMLSelectElement, ref: Reference, first: string): void {
  const value = select.value;
  const lang = getLang();
  const groups = ref.categories.filter((c) => c.parentId === null);
  replace(
    select,
    h('option', { attrs: { value: '' } }, first),
    ...groups.map((g) =>
      h(
        'optgroup',
        { attrs: { label: nameIn(g.nameFa, g.nameEn, lang) } },
        ...ref.categories
          .filter((c) => c.parentId === g.id)
          .map((c) => h('option', { attrs: { value: c.id } }, nameIn(c.nameFa, c.nameEn, lang))),
      ),
    ),
  );
  select.value = value;
}

export function fillDistricts(select: HTMLSelectElement, ref: Reference, first: string): void {
  const value = select.value;
  const lang = getLang();
  replace(
    select,
    h('option', { attrs: { value: '' } }, first),
    ...ref.districts.map((x) => h('option', { attrs: { value: x.id } }, nameIn(x.nameFa, x.nameEn, lang))),
  );
  select.value = value;
}

/** The neighbourhoods of the chosen district (none chosen: every district's, under its name). */
export function fillNeighbourhoods(select: HTMLSelectElement, ref: Reference, districtId: string, first: string): void {
  const value = select.value;
  const lang = getLang();
  const districts = districtId ? ref.districts.filter((x) => x.id === districtId) : ref.districts;
  replace(
    select,
    h('option', { attrs: { value: '' } }, first),
    ...districts.map((x) =>
      h(
        'optgroup',
        { attrs: { label: nameIn(x.nameFa, x.nameEn, lang) } },
        ...(x.neighbourhoods ?? []).map((n) =>
          h('option', { attrs: { value: n.id } }, nameIn(n.nameFa, n.nameEn, lang)),
        ),
      ),
    ),
  );
  select.value = value;
  if (select.value !== value) select.value = '';
}
