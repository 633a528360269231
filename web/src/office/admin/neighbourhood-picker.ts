// Choosing neighbourhoods, grouped under their districts: a filter box over a scrolling list of
// checkboxes, like the unit picker. Used for a council member's neighbourhoods.
import { t } from '../../i18n/i18n.ts';
import { h, replace } from '../../lib/dom.ts';
import { foldForSearch } from '../../lib/text-search.ts';
import { nameOf, type DistrictView } from './admin-data.ts';
import { ariaLabel, searchBox } from './form-kit.ts';

export interface NeighbourhoodPicker {
  el: HTMLElement;
  value: () => number[];
}

interface Hood {
  id: number;
  nameFa: string;
  nameEn: string;
  district: { nameFa: string; nameEn: string };
}

export function buildNeighbourhoodPicker(districts: DistrictView[], chosen: number[]): NeighbourhoodPicker {
  const picked = new Set(chosen);
  const hoods: Hood[] = districts.flatMap((d) =>
    (d.neighbourhoods ?? []).map((n) => ({ id: Number(n.id), nameFa: n.nameFa, nameEn: n.nameEn, district: d })),
  );
  const filter = searchBox('adNeighbourhoodsFilter');
  const summary = h('p', { class: 'ad-picked', attrs: { 'aria-live': 'polite' } });
  const list = h('ul', { class: 'ad-pick-list', attrs: { role: 'group', ...ariaLabel('adNeighbourhoods') } });
  const byId = new Map(hoods.map((n) => [n.id, n]));

  const drawSummary = () => {
    const names = [...picked].map((id) => nameOf(byId.get(id)));
    summary.textContent = names.length ? names.join('، ') : t('adNoNeighbourhoods');
  };
  const matches = (n: Hood, q: string) =>
    !q || [n.nameFa, n.nameEn, n.district.nameFa, n.district.nameEn].some((s) => foldForSearch(s).includes(q));
  const row = (n: Hood) => {
    const box = h('input', { attrs: { type: 'checkbox', value: String(n.id) } });
    box.checked = picked.has(n.id);
    box.addEventListener('change', () => {
      if (box.checked) picked.add(n.id);
      else picked.delete(n.id);
      drawSummary();
    });
    const where = h('span', { class: 'muted' }, ` · ${nameOf(n.district)}`);
    return h('li', {}, h('label', { class: 'ad-check' }, box, h('span', {}, nameOf(n)), where));
  };
  const draw = () => {
    // Persian letter variants (ی/ي, ک/ك) and digits alike, as everywhere names are searched.
    const q = foldForSearch(filter.value.trim());
    replace(list, ...hoods.filter((n) => matches(n, q)).map(row));
  };
  filter.addEventListener('input', draw);
  // Enter in the filter must not submit the user's form.
  filter.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') e.preventDefault();
  });
  draw();
  drawSummary();
  const el = h('div', { class: 'ad-picker', testid: 'neighbourhood-picker' }, summary, filter, list);
  return { el, value: () => [...picked] };
}
