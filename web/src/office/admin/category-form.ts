// One category's form: names, its group (two levels), the city-wide unit it falls back to, the
// deadline in hours and how they count (the unit's working hours, or every hour for hazards).
import { t } from '../../i18n/i18n.ts';
import { patch, post } from '../../lib/api.ts';
import { h } from '../../lib/dom.ts';
import { nameOf, type CategoryAdminView, type FlatUnit } from './admin-data.ts';
import {
  adminErrorText,
  checkbox,
  field,
  formError,
  latin,
  numberInput,
  readInt,
  selectOf,
  textInput,
  closeOnEscape,
} from './form-kit.ts';

export interface CategoryFormDeps {
  category: CategoryAdminView | null;
  /** For a new subcategory: its group; null for a new group. */
  parentId: string | null;
  categories: CategoryAdminView[];
  units: FlatUnit[];
  saved: (c: CategoryAdminView) => void;
  close: () => void;
}

type Controls = ReturnType<typeof controls>;

function controls(d0: CategoryFormDeps) {
  const c = d0.category;
  // A group with subcategories stays a group; a subcategory goes under a group.
  const groups = d0.categories.filter((g) => g.parentId == null && g.id !== c?.id);
  const parent = selectOf(
    [['', t('adTopLevel')], ...groups.map((g) => [g.id, nameOf(g)] as [string, string])],
    c ? (c.parentId ?? '') : (d0.parentId ?? ''),
    'parentId',
  );
  parent.disabled = (c?.children ?? 0) > 0;
  const units = d0.units.filter((f) => f.unit.active || f.unit.id === c?.unitId);
  const unit = selectOf(
    [
      ['', t('adNone')],
      ...units.map((f) => [String(f.unit.id), `${'· '.repeat(f.depth)}${nameOf(f.unit)}`] as [string, string]),
    ],
    c?.unitId != null ? String(c.unitId) : '',
    'unitId',
  );
  const basisChoices: Array<[string, string]> = [
    ['working', t('adBasisWorking')],
    ['calendar', t('adBasisCalendar')],
  ];
  return {
    nameFa: textInput(c?.nameFa ?? '', { name: 'nameFa', max: 120 }),
    nameEn: textInput(c?.nameEn ?? '', { name: 'nameEn', max: 120, ltr: true }),
    code: textInput(c?.code ?? '', { name: 'code', max: 60, ltr: true }),
    parent,
    unit,
    hours: numberInput(c?.deadlineHours ?? 72, 'deadlineHours'),
    hazard: checkbox('adHazard', c?.hazard ?? false, 'hazard'),
    basis: selectOf(basisChoices, c?.deadlineBasis ?? 'working', 'deadlineBasis'),
    position: numberInput(c?.position ?? null, 'position'),
    active: checkbox('adActive', c?.active ?? true, 'active'),
  };
}

function bodyOf(x: Controls, c: CategoryAdminView | null): Record<string, unknown> {
  const out: Record<string, unknown> = {
    nameFa: x.nameFa.value.trim(),
    nameEn: x.nameEn.value.trim(),
    unitId: x.unit.value ? Number(x.unit.value) : null,
    deadlineHours: readInt(x.hours),
    deadlineBasis: x.basis.value,
    hazard: x.hazard.input.checked,
    active: x.active.input.checked,
  };
  if (!x.parent.disabled) out.parentId = x.parent.value ? Number(x.parent.value) : null;
  const pos = readInt(x.position);
  if (pos != null) out.position = pos;
  if (!c && latin(x.code)) out.code = latin(x.code);
  return out;
}

export function buildCategoryForm(d0: CategoryFormDeps): HTMLElement {
  const c = d0.category;
  const x = controls(d0);
  // A hazard counts every hour (a manhole is open at night too); the admin may still choose.
  x.hazard.input.addEventListener('change', () => {
    if (x.hazard.input.checked) x.basis.value = 'calendar';
  });
  const error = formError();
  const submit = async (e: Event) => {
    e.preventDefault();
    error.textContent = '';
    const body = bodyOf(x, c);
    const r = c
      ? await patch<CategoryAdminView>(`/api/v1/categories/${c.id}`, body)
      : await post<CategoryAdminView>('/api/v1/categories', body);
    if (!r.ok) error.textContent = adminErrorText(r.status, r.error);
    else d0.saved(r.data);
  };
  const form = h(
    'form',
    { class: 'panel ad-form', testid: 'category-form', attrs: { novalidate: true } },
    h('h3', { i18n: c ? 'adCategoryEdit' : d0.parentId ? 'adSubcategoryNew' : 'adGroupNew' }),
    h('div', { class: 'row-2' }, field('adNameFa', x.nameFa), field('adNameEn', x.nameEn)),
    c
      ? h('p', { class: 'muted' }, t('adCodeIs'), ' ', h('bdi', { attrs: { dir: 'ltr' } }, c.code))
      : field('adCode', x.code, 'adCategoryCodeHint'),
    field('adGroup', x.parent, x.parent.disabled ? 'adGroupFixed' : undefined),
    field('adFallbackUnit', x.unit, 'adFallbackUnitHint'),
    h('div', { class: 'row-2' }, field('adDeadlineHours', x.hours, 'adDeadlineHoursHint'), field('adBasis', x.basis)),
    x.hazard.el,
    h('div', { class: 'row-2' }, field('adPosition', x.position), h('div', { class: 'ad-check-cell' }, x.active.el)),
    error,
    h(
      'div',
      { class: 'ad-actions' },
      h('button', { class: 'btn btn-primary', i18n: 'adSave', attrs: { type: 'submit' } }),
      h('button', { class: 'btn btn-quiet', i18n: 'adCancel', attrs: { type: 'button' }, on: { click: d0.close } }),
    ),
  );
  form.addEventListener('submit', (e) => void submit(e));
  closeOnEscape(form, d0.close);
  return form;
}
