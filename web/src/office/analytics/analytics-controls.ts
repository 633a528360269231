// The analytics page's controls: the Jalali period, the range (whole Jalali months, or from/to
// Jalali dates), the dimension and the filters. What they say becomes one query for every panel;
// a range that cannot be read is said and nothing is asked.
import { h, uid, unifyDigitsOnInput } from '../../lib/dom.ts';
import { d, onLangChange, t, type StringKey } from '../../i18n/i18n.ts';
import { gregorianToJalaliText, parseJalaliInput } from '../jalali-input.ts';
import { fillCategories, fillDistricts, fillNeighbourhoods } from '../pickers.ts';
import { reference, type Reference } from '../reference.ts';
import { addMonths, firstDay, lastDay, monthKey, monthName, parseMonthKey, thisMonth } from './jalali-months.ts';

export const PERIODS = ['day', 'week', 'month', 'season', 'year'] as const;
export const GROUP_BYS = ['category', 'district', 'neighbourhood', 'unit', 'channel', 'status'] as const;
export type Period = (typeof PERIODS)[number];
export type GroupBy = (typeof GROUP_BYS)[number];

export const PERIOD_LABELS: Record<Period, StringKey> = {
  day: 'anPeriodDay',
  week: 'anPeriodWeek',
  month: 'anPeriodMonth',
  season: 'anPeriodSeason',
  year: 'anPeriodYear',
};
export const GROUP_LABELS: Record<GroupBy, StringKey> = {
  category: 'anByCategory',
  district: 'anByDistrict',
  neighbourhood: 'anByNeighbourhood',
  unit: 'anByUnit',
  channel: 'anByChannel',
  status: 'anByStatus',
};

/** What every panel is asked for: Gregorian days and the filters, as the API spells them. */
export interface AnalyticsQuery {
  period: Period;
  groupBy: GroupBy;
  from: string;
  to: string;
  filters: Record<string, string>;
}

export interface AnalyticsControls {
  el: HTMLFormElement;
  /** The query, or null while the range cannot be read. */
  query: () => AnalyticsQuery | null;
}

/** Months offered by the picker: five years back to this month, newest first. */
const MONTHS_BACK = 60;

interface Els {
  period: HTMLSelectElement;
  mode: HTMLSelectElement;
  fromMonth: HTMLSelectElement;
  toMonth: HTMLSelectElement;
  fromDate: HTMLInputElement;
  toDate: HTMLInputElement;
  groupBy: HTMLSelectElement;
  category: HTMLSelectElement;
  district: HTMLSelectElement;
  hood: HTMLSelectElement;
  hazard: HTMLSelectElement;
}

function field(label: StringKey, control: HTMLElement, cls = ''): HTMLElement {
  control.id ||= uid('an');
  return h('div', { class: `field ${cls}` }, h('label', { i18n: label, attrs: { for: control.id } }), control);
}

function dateInput(testid: string): HTMLInputElement {
  const input = h('input', {
    testid,
    class: 'of-date',
    attrs: { type: 'text', inputmode: 'numeric', autocomplete: 'off', dir: 'ltr', size: 11 },
  });
  unifyDigitsOnInput(input);
  input.addEventListener('input', () =>
    input.setAttribute('aria-invalid', String(parseJalaliInput(input.value) === null)),
  );
  return input;
}

function fillStatic(e: Els): void {
  const opt = (value: string, label: StringKey) => h('option', { attrs: { value } }, t(label));
  const keep = { period: e.period.value, mode: e.mode.value, groupBy: e.groupBy.value, hazard: e.hazard.value };
  const keepMonths = [e.fromMonth.value, e.toMonth.value];
  e.period.replaceChildren(...PERIODS.map((p) => opt(p, PERIOD_LABELS[p])));
  e.mode.replaceChildren(opt('months', 'anRangeMonths'), opt('dates', 'anRangeDates'));
  e.groupBy.replaceChildren(...GROUP_BYS.map((g) => opt(g, GROUP_LABELS[g])));
  e.hazard.replaceChildren(opt('', 'ofAny'), opt('true', 'ofHazardOnly'), opt('false', 'ofHazardNot'));
  const now = thisMonth();
  const months = Array.from({ length: MONTHS_BACK }, (_, i) => addMonths(now, -i));
  for (const s of [e.fromMonth, e.toMonth])
    s.replaceChildren(...months.map((m) => h('option', { attrs: { value: monthKey(m) } }, monthName(m))));
  e.period.value = keep.period || 'week';
  e.mode.value = keep.mode || 'months';
  e.groupBy.value = keep.groupBy || 'category';
  e.hazard.value = keep.hazard;
  e.fromMonth.value = keepMonths[0] || monthKey(addMonths(now, -2));
  e.toMonth.value = keepMonths[1] || monthKey(now);
}

/** A council member picks among their own neighbourhoods only; the district is theirs already. */
function fillPlaces(e: Els, ref: Reference, council: number[] | null): void {
  if (!council) {
    fillDistricts(e.district, ref, t('ofAny'));
    fillNeighbourhoods(e.hood, ref, e.district.value, t('ofAny'));
    return;
  }
  const mine = new Set(council.map(String));
  const districts = ref.districts
    .map((x) => ({ ...x, neighbourhoods: (x.neighbourhoods ?? []).filter((n) => mine.has(String(n.id))) }))
    .filter((x) => x.neighbourhoods.length > 0);
  fillNeighbourhoods(e.hood, { ...ref, districts }, '', t('ofAny'));
}

function monthsRange(e: Els): { from: string; to: string } | null {
  const a = parseMonthKey(e.fromMonth.value);
  const b = parseMonthKey(e.toMonth.value);
  if (!a || !b) return null;
  const [lo, hi] = monthKey(a) <= monthKey(b) ? [a, b] : [b, a];
  return { from: firstDay(lo), to: lastDay(hi) };
}

function rangeOf(e: Els): { from: string; to: string } | null {
  if (e.mode.value === 'months') return monthsRange(e);
  const from = parseJalaliInput(e.fromDate.value);
  const to = parseJalaliInput(e.toDate.value);
  if (!from || !to || from > to) return null;
  return { from, to };
}

/** From months to dates: the dates start as the months' range, to be corrected rather than typed anew. */
function switchMode(e: Els): void {
  const months = e.mode.value === 'dates' && !e.fromDate.value && !e.toDate.value ? monthsRange(e) : null;
  if (months) {
    e.fromDate.value = d(gregorianToJalaliText(months.from));
    e.toDate.value = d(gregorianToJalaliText(months.to));
  }
  showMode(e);
}

function showMode(e: Els): void {
  const months = e.mode.value === 'months';
  for (const x of [e.fromMonth, e.toMonth]) x.closest<HTMLElement>('.field')!.hidden = !months;
  for (const x of [e.fromDate, e.toDate]) x.closest<HTMLElement>('.field')!.hidden = months;
}

export function buildAnalyticsControls(council: number[] | null, apply: () => void): AnalyticsControls {
  const e: Els = {
    period: h('select', { testid: 'an-period' }),
    mode: h('select', { testid: 'an-range-mode' }),
    fromMonth: h('select', { testid: 'an-from-month' }),
    toMonth: h('select', { testid: 'an-to-month' }),
    fromDate: dateInput('an-from'),
    toDate: dateInput('an-to'),
    groupBy: h('select', { testid: 'an-group-by' }),
    category: h('select', { testid: 'an-category' }),
    district: h('select', { testid: 'an-district' }),
    hood: h('select', { testid: 'an-neighbourhood' }),
    hazard: h('select', { testid: 'an-hazard' }),
  };
  const loadRef = () =>
    void reference().then((ref) => {
      fillCategories(e.category, ref, t('ofAny'));
      fillPlaces(e, ref, council);
    });
  fillStatic(e);
  loadRef();
  onLangChange(() => {
    fillStatic(e);
    loadRef();
  });
  const el = h(
    'form',
    {
      class: 'of-filters an-controls',
      testid: 'an-controls',
      attrs: { novalidate: true, 'aria-label': t('anControls') },
    },
    field('anPeriod', e.period),
    field('anRangeMode', e.mode),
    field('anFromMonth', e.fromMonth),
    field('anToMonth', e.toMonth),
    field('ofFrom', e.fromDate),
    field('ofTo', e.toDate),
    field('anGroupBy', e.groupBy),
    field('formCategory', e.category),
    council ? null : field('formDistrict', e.district),
    field('formNeighbourhood', e.hood),
    field('ofHazard', e.hazard),
    h(
      'div',
      { class: 'of-filter-actions' },
      h('button', { class: 'btn btn-primary', testid: 'an-apply', i18n: 'ofApply', attrs: { type: 'submit' } }),
    ),
  );
  el.setAttribute('data-i18n-aria-label', 'anControls');
  showMode(e);
  e.mode.addEventListener('change', () => switchMode(e));
  // Another district: its neighbourhoods first (a neighbourhood of the old one is dropped), then ask.
  e.district.addEventListener('change', () =>
    reference().then((ref) => {
      fillPlaces(e, ref, council);
      apply();
    }),
  );
  for (const s of [e.period, e.mode, e.fromMonth, e.toMonth, e.groupBy, e.category, e.hood, e.hazard])
    s.addEventListener('change', apply);
  el.addEventListener('submit', (ev) => {
    ev.preventDefault();
    apply();
  });
  const query = (): AnalyticsQuery | null => {
    const range = rangeOf(e);
    if (!range) return null;
    const entries: Array<[string, string]> = [
      ['categoryId', e.category.value],
      ['districtId', council ? '' : e.district.value],
      ['neighbourhoodId', e.hood.value],
      ['hazard', e.hazard.value],
    ];
    const filters = Object.fromEntries(entries.filter(([, v]) => v !== ''));
    return { period: e.period.value as Period, groupBy: e.groupBy.value as GroupBy, ...range, filters };
  };
  return { el, query };
}
