// The tables a meeting reads: time to resolution with the citizen's word per dimension value, and
// the units' accountability, worst first, each unit with a link to its overdue requests in the
// 137 worklist.
import { h, replace } from '../../lib/dom.ts';
import { getLang, t, type StringKey } from '../../i18n/i18n.ts';
import { formatNumber } from '../../lib/digits.ts';
import { nameIn } from '../format.ts';
import type { ResolutionRow, UnitRow } from './analytics-types.ts';

const num = (x: number | null | undefined) => (x === null || x === undefined ? '—' : formatNumber(x, getLang()));
const share = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : formatNumber(x, getLang(), { style: 'percent', maximumFractionDigits: 0 });
const td = (text: string, cls = 'num') => h('td', { class: cls }, text);
/** Column heads; a link column (anDrill) is for the screen only. */
const head = (keys: StringKey[]) =>
  h(
    'thead',
    {},
    h(
      'tr',
      {},
      ...keys.map((k) => h('th', { i18n: k, class: k === 'anDrill' ? 'an-no-print' : '', attrs: { scope: 'col' } })),
    ),
  );

function table(testid: string, keys: StringKey[], rows: HTMLElement[]): HTMLElement {
  return h(
    'div',
    { class: 'of-table-wrap an-table-wrap' },
    h('table', { class: 'of-table an-table', testid }, head(keys), h('tbody', {}, ...rows)),
  );
}

/** The median of all rows is not the median of medians: only whole-range figures the server gives are shown. */
export function drawResolution(body: HTMLElement, rows: ResolutionRow[]): boolean {
  if (rows.length === 0) {
    replace(body);
    return false;
  }
  const lang = getLang();
  const hasAsked = rows.some((r) => r.feedbackAsked !== undefined);
  const keys: StringKey[] = [
    'anColName',
    'anColRequests',
    'anColClosed',
    'anColMedian',
    'anColP90',
    'anColFeedbackShare',
  ];
  if (hasAsked) keys.push('anColFeedbackAsked');
  const trs = rows.map((r) =>
    h(
      'tr',
      { testid: 'an-resolution-row', attrs: { 'data-key': r.key } },
      h('th', { attrs: { scope: 'row' } }, nameIn(r.labelFa, r.labelEn, lang)),
      td(num(r.requests)),
      td(num(r.closed)),
      td(num(r.medianHours)),
      td(num(r.p90Hours)),
      td(share(r.feedbackResolvedShare)),
      hasAsked ? td(share(r.feedbackShare ?? null)) : null,
    ),
  );
  replace(body, table('an-resolution-table', keys, trs));
  return true;
}

const UNIT_KEYS: StringKey[] = [
  'anColUnit',
  'anColDistrict',
  'anColReceived',
  'anColOnTime',
  'anColOverdueNow',
  'anColOverdueRate',
  'anColMedianDays',
  'anColReturned',
  'anColReopened',
  'anColSatisfaction',
  'anDrill',
];

/** The worklist's address for a unit's overdue requests (the server's drill-down when it gives one). */
export function drillHref(r: UnitRow): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(r.drillOverdue ?? { unitId: r.unitId, overdue: true })) q.set(k, String(v));
  return `#/worklist?${q.toString()}`;
}

export function drawUnits(body: HTMLElement, rows: UnitRow[]): boolean {
  if (rows.length === 0) {
    replace(body);
    return false;
  }
  const lang = getLang();
  const trs = rows.map((r) => {
    const name = nameIn(r.unitFa, r.unitEn, lang);
    // Nothing overdue now: nothing to drill into.
    const drill =
      r.overdueNow > 0
        ? h(
            'a',
            {
              class: 'link',
              testid: 'an-drill',
              attrs: { href: drillHref(r), 'aria-label': t('anDrillLabel', { unit: name }) },
            },
            `${t('anDrill')} (${num(r.overdueNow)})`,
          )
        : '—';
    return h(
      'tr',
      { testid: 'an-unit-row', class: r.overdueNow > 0 ? 'is-overdue' : '', attrs: { 'data-unit-id': r.unitId } },
      h('th', { attrs: { scope: 'row' } }, name),
      td(nameIn(r.districtFa, r.districtEn, lang) || '—', ''),
      td(num(r.received)),
      td(num(r.onTime)),
      td(num(r.overdueNow)),
      td(share(r.overdueRate)),
      td(num(r.medianDaysOverdue)),
      td(num(r.returned)),
      td(num(r.reopened)),
      td(share(r.satisfaction)),
      h('td', { class: 'an-no-print' }, drill),
    );
  });
  replace(body, table('an-units-table', UNIT_KEYS, trs));
  return true;
}
