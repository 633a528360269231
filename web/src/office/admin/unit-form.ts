// One unit's form: names, kind, where it sits in the tree, its district, working days and hours,
// and how long after a missed deadline the next level up is told. New units start under the
// unit chosen in the tree.
import { d, t, type StringKey } from '../../i18n/i18n.ts';
import { patch, post } from '../../lib/api.ts';
import { h } from '../../lib/dom.ts';
import type { UnitKind } from '../../lib/server-types.ts';
import { nameOf, type DistrictView, type FlatUnit, type UnitView } from './admin-data.ts';
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

export const KIND_LABEL: Record<UnitKind, StringKey> = {
  district: 'adKindDistrict',
  organisation: 'adKindOrganisation',
  department: 'adKindDepartment',
  unit: 'adKindUnit',
};

/** Iranian offices' week, Saturday first; values are JavaScript weekdays (0 = Sunday). */
const WEEK: Array<[day: number, label: StringKey]> = [
  [6, 'adDaySat'],
  [0, 'adDaySun'],
  [1, 'adDayMon'],
  [2, 'adDayTue'],
  [3, 'adDayWed'],
  [4, 'adDayThu'],
  [5, 'adDayFri'],
];

export interface UnitFormDeps {
  unit: UnitView | null;
  /** For a new unit: the unit it goes under. */
  parentId: number | null;
  units: FlatUnit[];
  districts: DistrictView[];
  saved: (u: UnitView) => void;
  close: () => void;
}

function placeFields(d0: UnitFormDeps) {
  const u = d0.unit;
  const parent = u ? d0.units.find((f) => f.unit.id === u.id) : undefined;
  const parents = d0.units.filter((f) => !parent?.subtree.has(f.unit.id));
  const parentSel = selectOf(
    [
      ['', t('adNoParent')],
      ...parents.map((f) => [String(f.unit.id), `${'· '.repeat(f.depth)}${nameOf(f.unit)}`] as [string, string]),
    ],
    String(u ? (u.parentId ?? '') : (d0.parentId ?? '')),
    'parentId',
  );
  const inherited = d0.units.find((f) => f.unit.id === d0.parentId)?.unit;
  const district = selectOf(
    [['', t('adNoDistrict')], ...d0.districts.map((x) => [x.id, nameOf(x)] as [string, string])],
    String(u ? (u.districtId ?? '') : (inherited?.districtId ?? '')),
    'districtId',
  );
  return { parentSel, district };
}

export function buildUnitForm(d0: UnitFormDeps): HTMLElement {
  const u = d0.unit;
  const like = u ?? d0.units.find((f) => f.unit.id === d0.parentId)?.unit;
  const code = textInput(u?.code ?? '', { ltr: true, name: 'code', max: 60 });
  const nameFa = textInput(u?.nameFa ?? '', { name: 'nameFa' });
  const nameEn = textInput(u?.nameEn ?? '', { name: 'nameEn', ltr: true });
  const kind = selectOf(
    (Object.keys(KIND_LABEL) as UnitKind[]).map((k) => [k, t(KIND_LABEL[k])]),
    u?.kind ?? (like ? 'unit' : 'organisation'),
    'kind',
  );
  const { parentSel, district } = placeFields(d0);
  const days = WEEK.map(([day, label]) => ({
    day,
    box: checkbox(label, (like?.workDays ?? [6, 0, 1, 2, 3]).includes(day)),
  }));
  const workStart = textInput(d(like?.workStart ?? '07:30'), { ltr: true, name: 'workStart', max: 5 });
  const workEnd = textInput(d(like?.workEnd ?? '14:30'), { ltr: true, name: 'workEnd', max: 5 });
  const escalate = numberInput(like?.escalateAfterHours ?? 24, 'escalateAfterHours');
  const position = numberInput(u?.position ?? 0, 'position');
  const active = checkbox('adActive', u?.active ?? true, 'active');
  const error = formError();

  const body = () => ({
    code: latin(code),
    nameFa: nameFa.value.trim(),
    nameEn: nameEn.value.trim(),
    kind: kind.value,
    parentId: parentSel.value ? Number(parentSel.value) : null,
    districtId: district.value ? Number(district.value) : null,
    workDays: days.filter((x) => x.box.input.checked).map((x) => x.day),
    workStart: latin(workStart),
    workEnd: latin(workEnd),
    escalateAfterHours: readInt(escalate),
    position: readInt(position) ?? 0,
    ...(u ? { active: active.input.checked } : {}),
  });
  const submit = async (e: Event) => {
    e.preventDefault();
    error.textContent = '';
    const r = u
      ? await patch<UnitView>(`/api/v1/units/${u.id}`, body())
      : await post<UnitView>('/api/v1/units', body());
    if (!r.ok) {
      error.textContent = adminErrorText(r.status, r.error);
      return;
    }
    d0.saved(r.data);
  };
  const form = h(
    'form',
    { class: 'panel ad-form', testid: 'unit-form', attrs: { novalidate: true } },
    h('h3', { i18n: u ? 'adUnitEdit' : 'adUnitNew' }),
    h('div', { class: 'row-2' }, field('adNameFa', nameFa), field('adNameEn', nameEn)),
    h('div', { class: 'row-2' }, field('adCode', code, 'adCodeHint'), field('adKind', kind)),
    h('div', { class: 'row-2' }, field('adParent', parentSel), field('adDistrict', district)),
    h('fieldset', { class: 'ad-days' }, h('legend', { i18n: 'adWorkDays' }), ...days.map((x) => x.box.el)),
    h(
      'div',
      { class: 'row-2' },
      field('adWorkStart', workStart, 'adTimeHint'),
      field('adWorkEnd', workEnd, 'adTimeHint'),
    ),
    h('div', { class: 'row-2' }, field('adEscalate', escalate, 'adEscalateHint'), field('adPosition', position)),
    u ? active.el : null,
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
