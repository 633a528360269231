// Choosing units from the tree: a filter box over a scrolling list of checkboxes, indented by
// depth, the chosen ones listed first. Used for a unit user's units.
import { t } from '../../i18n/i18n.ts';
import { h, replace } from '../../lib/dom.ts';
import { nameOf, type FlatUnit } from './admin-data.ts';
import { ariaLabel, searchBox } from './form-kit.ts';

export interface UnitPicker {
  el: HTMLElement;
  value: () => number[];
}

export function buildUnitPicker(units: FlatUnit[], chosen: number[]): UnitPicker {
  const picked = new Set(chosen);
  const filter = searchBox('adUnitsFilter');
  const summary = h('p', { class: 'ad-picked', attrs: { 'aria-live': 'polite' } });
  const list = h('ul', { class: 'ad-pick-list', attrs: { role: 'group', ...ariaLabel('adUnits') } });
  const byId = new Map(units.map((f) => [f.unit.id, f.unit]));

  const drawSummary = () => {
    const names = [...picked].map((id) => nameOf(byId.get(id)));
    summary.textContent = names.length ? names.join('، ') : t('adNoUnits');
  };
  const draw = () => {
    const q = filter.value.trim().toLowerCase();
    const rows = units.filter(
      (f) =>
        !q ||
        f.unit.nameFa.toLowerCase().includes(q) ||
        f.unit.nameEn.toLowerCase().includes(q) ||
        f.unit.code.includes(q),
    );
    replace(
      list,
      ...rows.map((f) => {
        const box = h('input', { attrs: { type: 'checkbox', value: String(f.unit.id) } });
        box.checked = picked.has(f.unit.id);
        box.addEventListener('change', () => {
          if (box.checked) picked.add(f.unit.id);
          else picked.delete(f.unit.id);
          drawSummary();
        });
        return h(
          'li',
          { class: `ad-depth-${Math.min(f.depth, 4)}` },
          h('label', { class: 'ad-check' }, box, h('span', {}, nameOf(f.unit))),
        );
      }),
    );
  };
  filter.addEventListener('input', draw);
  // Enter in the filter must not submit the user's form.
  filter.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') e.preventDefault();
  });
  draw();
  drawSummary();
  const el = h('div', { class: 'ad-picker', testid: 'unit-picker' }, summary, filter, list);
  return { el, value: () => [...picked] };
}
