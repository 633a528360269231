// The worklist's filters: status, category, unit, district and neighbourhood, channel, hazard,
// overdue, a Jalali date range (sent as Gregorian days) and free text. A select applies at once;
// typed fields apply with Enter. A date that is not a date is said beside it and not sent.
import { h, uid, unifyDigitsOnInput } from '../lib/dom.ts';
import { d, onLangChange, t, type StringKey } from '../i18n/i18n.ts';
import { gregorianToJalaliText, parseJalaliInput } from './jalali-input.ts';
import { statusLabel } from './format.ts';
import { fillCategories, fillDistricts, fillNeighbourhoods, fillUnits } from './pickers.ts';
import { reference } from './reference.ts';
import { channelLabel } from './request-sections.ts';

const STATUSES = [
  'registered',
  'referred',
  'in-progress',
  'returned',
  'done',
  'special-follow-up',
  'feedback-positive',
  'feedback-negative',
  'closed',
];
const OPEN = 'registered,referred,in-progress,special-follow-up,returned';
const CHANNELS = ['phone', 'sms', 'web', 'app', 'email', 'post', 'meeting'];

export interface WorklistFilters {
  el: HTMLFormElement;
  /** The query for the API, or null while a date cannot be read. */
  params: () => Record<string, string> | null;
  focusText: () => void;
  /** Takes the filters of the address (#/worklist?unitId=…&overdue=true, a drill-down); true when they changed. */
  fromHash: () => Promise<boolean>;
}

function labelled(label: StringKey, control: HTMLElement, after: HTMLElement | null = null): HTMLElement {
  control.id ||= uid('wf');
  return h('div', { class: 'field' }, h('label', { i18n: label, attrs: { for: control.id } }), control, after);
}

function dateInput(testid: string): { input: HTMLInputElement; hint: HTMLElement } {
  const input = h('input', {
    testid,
    class: 'of-date',
    attrs: { type: 'text', inputmode: 'numeric', autocomplete: 'off', dir: 'ltr', placeholder: d('1404/01/01') },
  });
  unifyDigitsOnInput(input);
  const hint = h('span', { class: 'hint', attrs: { 'aria-live': 'polite' } });
  input.addEventListener('input', () => {
    const g = parseJalaliInput(input.value);
    input.setAttribute('aria-invalid', String(g === null));
    hint.textContent = g === null ? t('ofBadDate') : g ? `= ${g}` : '';
  });
  return { input, hint };
}

interface FilterEls {
  status: HTMLSelectElement;
  category: HTMLSelectElement;
  unit: HTMLSelectElement;
  district: HTMLSelectElement;
  hood: HTMLSelectElement;
  channel: HTMLSelectElement;
  hazard: HTMLSelectElement;
  overdue: HTMLInputElement;
  from: { input: HTMLInputElement; hint: HTMLElement };
  to: { input: HTMLInputElement; hint: HTMLElement };
  q: HTMLInputElement;
}

function filterEls(): FilterEls {
  const q = h('input', { testid: 'wl-q', attrs: { type: 'search', autocomplete: 'off', dir: 'auto' } });
  q.dataset['wide'] = '1';
  q.setAttribute('data-i18n-placeholder', 'ofSearchHint');
  q.placeholder = t('ofSearchHint');
  return {
    status: h('select', { testid: 'wl-status' }),
    category: h('select', { testid: 'wl-category' }),
    unit: h('select', { testid: 'wl-unit' }),
    district: h('select', { testid: 'wl-district' }),
    hood: h('select', { testid: 'wl-neighbourhood' }),
    channel: h('select', { testid: 'wl-channel' }),
    hazard: h('select', { testid: 'wl-hazard' }),
    overdue: h('input', { testid: 'wl-overdue', attrs: { type: 'checkbox' } }),
    from: dateInput('wl-from'),
    to: dateInput('wl-to'),
    q,
  };
}

/** The selects whose options are words of ours (statuses, channels, hazard), in the page's language. */
function fillStatic(e: FilterEls): void {
  const keep = [e.status.value, e.channel.value, e.hazard.value];
  e.status.replaceChildren(
    h('option', { attrs: { value: '' } }, t('ofAny')),
    h('option', { attrs: { value: OPEN } }, t('ofOpenStatuses')),
    ...STATUSES.map((s) => h('option', { attrs: { value: s } }, statusLabel(s))),
  );
  e.channel.replaceChildren(
    h('option', { attrs: { value: '' } }, t('ofAny')),
    ...CHANNELS.map((c) => h('option', { attrs: { value: c } }, channelLabel(c))),
  );
  e.hazard.replaceChildren(
    h('option', { attrs: { value: '' } }, t('ofAny')),
    h('option', { attrs: { value: 'true' } }, t('ofHazardOnly')),
    h('option', { attrs: { value: 'false' } }, t('ofHazardNot')),
  );
  e.status.value = keep[0]!;
  e.channel.value = keep[1]!;
  e.hazard.value = keep[2]!;
}

async function fillReference(e: FilterEls): Promise<void> {
  const ref = await reference();
  fillCategories(e.category, ref, t('ofAny'));
  fillUnits(e.unit, ref, t('ofAny'), false);
  fillDistricts(e.district, ref, t('ofAny'));
  fillNeighbourhoods(e.hood, ref, e.district.value, t('ofAny'));
}

function clearFilters(e: FilterEls): void {
  for (const s of [e.status, e.category, e.unit, e.district, e.hood, e.channel, e.hazard]) s.value = '';
  e.overdue.checked = false;
  for (const x of [e.from.input, e.to.input, e.q]) x.value = '';
  e.from.hint.textContent = '';
  e.to.hint.textContent = '';
  e.from.input.removeAttribute('aria-invalid');
  e.to.input.removeAttribute('aria-invalid');
  void reference().then((ref) => fillNeighbourhoods(e.hood, ref, '', t('ofAny')));
}

/** The query for the API, or null while a date cannot be read. */
function paramsOf(e: FilterEls): Record<string, string> | null {
  const from = parseJalaliInput(e.from.input.value);
  const to = parseJalaliInput(e.to.input.value);
  if (from === null || to === null) return null;
  const entries: Array<[string, string]> = [
    ['status', e.status.value],
    ['categoryId', e.category.value],
    ['unitId', e.unit.value],
    ['districtId', e.district.value],
    ['neighbourhoodId', e.hood.value],
    ['channel', e.channel.value],
    ['hazard', e.hazard.value],
    ['overdue', e.overdue.checked ? 'true' : ''],
    ['from', from],
    ['to', to],
    ['q', e.q.value.trim()],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== ''));
}

/**
 * The filters a link put in the address replace the form's (a drill-down lists exactly its rows);
 * an address without a query leaves the form as the reader left it.
 */
async function applyHash(e: FilterEls, query: URLSearchParams): Promise<void> {
  clearFilters(e);
  await reference(); // the selects are filled (fillReference asked first) before values are set
  const selects: Array<[string, HTMLSelectElement]> = [
    ['status', e.status],
    ['categoryId', e.category],
    ['unitId', e.unit],
    ['districtId', e.district],
    ['channel', e.channel],
    ['hazard', e.hazard],
  ];
  for (const [k, el] of selects) el.value = query.get(k) ?? '';
  if (e.district.value) fillNeighbourhoods(e.hood, await reference(), e.district.value, t('ofAny'));
  e.hood.value = query.get('neighbourhoodId') ?? '';
  e.overdue.checked = query.get('overdue') === 'true';
  const jalali = (day: string | null) => (day ? d(gregorianToJalaliText(day)) : '');
  e.from.input.value = jalali(query.get('from'));
  e.to.input.value = jalali(query.get('to'));
  e.q.value = query.get('q') ?? '';
}

export function buildWorklistFilters(apply: () => void): WorklistFilters {
  const e = filterEls();
  fillStatic(e);
  void fillReference(e);
  onLangChange(() => {
    fillStatic(e);
    void fillReference(e);
  });
  e.district.addEventListener(
    'change',
    () => void reference().then((ref) => fillNeighbourhoods(e.hood, ref, e.district.value, t('ofAny'))),
  );
  for (const s of [e.status, e.category, e.unit, e.district, e.hood, e.channel, e.hazard, e.overdue])
    s.addEventListener('change', apply);
  const clear = h('button', {
    class: 'btn btn-quiet',
    testid: 'wl-clear',
    i18n: 'ofClearFilters',
    attrs: { type: 'button' },
    on: {
      click: () => {
        clearFilters(e);
        apply();
      },
    },
  });
  const el = h(
    'form',
    { class: 'of-filters', testid: 'wl-filters', attrs: { role: 'search', novalidate: true } },
    labelled('ofStatus', e.status),
    labelled('formCategory', e.category),
    labelled('ofUnit', e.unit),
    labelled('formDistrict', e.district),
    labelled('formNeighbourhood', e.hood),
    labelled('ofChannel', e.channel),
    labelled('ofHazard', e.hazard),
    labelled('ofFrom', e.from.input, e.from.hint),
    labelled('ofTo', e.to.input, e.to.hint),
    labelled('ofSearch', e.q),
    h('label', { class: 'check-label of-overdue' }, e.overdue, h('span', { i18n: 'ofOverdueOnly' })),
    h(
      'div',
      { class: 'of-filter-actions' },
      h('button', { class: 'btn btn-primary', testid: 'wl-apply', i18n: 'ofApply', attrs: { type: 'submit' } }),
      clear,
    ),
  );
  el.addEventListener('submit', (ev) => {
    ev.preventDefault();
    apply();
  });
  let applied = '';
  const fromHash = async () => {
    const query = location.hash.split('?')[1] ?? '';
    if (query === applied) return false;
    applied = query;
    if (!query) return false;
    await applyHash(e, new URLSearchParams(query));
    return true;
  };
  return { el, params: () => paramsOf(e), focusText: () => e.q.focus(), fromHash };
}
