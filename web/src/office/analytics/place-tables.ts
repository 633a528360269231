// Where the requests are: the heat table of neighbourhood × category (the background's depth is
// the count's share of the busiest cell; the number is always written), and the places that keep
// coming back, each with its category, count and first and last Jalali day.
import { h, replace } from '../../lib/dom.ts';
import { getLang, type StringKey } from '../../i18n/i18n.ts';
import { formatNumber } from '../../lib/digits.ts';
import { formatJalaliDate } from '../../lib/jalali.ts';
import { nameIn } from '../format.ts';
import type { HeatAnswer, Hotspot } from './analytics-types.ts';

/** Five steps of blue: enough to see the hot cells, few enough for the text to stay readable. */
const levelOf = (count: number, max: number) => (count === 0 ? 0 : Math.max(1, Math.ceil((count / max) * 5)));

export function drawHeat(body: HTMLElement, data: HeatAnswer): boolean {
  if (data.rows.length === 0 || data.categories.length === 0) {
    replace(body);
    return false;
  }
  const lang = getLang();
  const n = (x: number) => formatNumber(x, lang);
  const max = Math.max(1, ...data.rows.flatMap((r) => Object.values(r.cells)));
  const headRow = h(
    'tr',
    {},
    h('th', { class: 'an-heat-corner', i18n: 'anColNeighbourhood', attrs: { scope: 'col' } }),
    ...data.categories.map((c) =>
      h('th', { attrs: { scope: 'col', 'data-category-id': c.id } }, nameIn(c.labelFa, c.labelEn, lang)),
    ),
    h('th', { i18n: 'anTotal', attrs: { scope: 'col' } }),
  );
  const rows = data.rows.map((r) =>
    h(
      'tr',
      { testid: 'an-heat-row', attrs: { 'data-neighbourhood-id': r.neighbourhoodId ?? 'none' } },
      h('th', { attrs: { scope: 'row' } }, nameIn(r.labelFa, r.labelEn, lang)),
      ...data.categories.map((c) => {
        const count = r.cells[String(c.id)] ?? 0;
        const level = levelOf(count, max);
        return h(
          'td',
          {
            class: `num an-heat-cell an-heat-${level}`,
            testid: 'an-heat-cell',
            attrs: { 'data-category-id': c.id, 'data-count': count },
          },
          count ? n(count) : '·',
        );
      }),
      h('td', { class: 'num an-heat-total', testid: 'an-heat-total' }, n(r.total)),
    ),
  );
  const foot = h(
    'tr',
    { class: 'an-heat-foot' },
    h('th', { i18n: 'anTotal', attrs: { scope: 'row' } }),
    ...data.categories.map((c) => h('td', { class: 'num' }, n(c.total))),
    h('td', { class: 'num' }, n(data.categories.reduce((s, c) => s + c.total, 0))),
  );
  replace(
    body,
    h(
      'div',
      { class: 'an-heat-wrap' },
      h(
        'table',
        { class: 'an-heat', testid: 'an-heat-table' },
        h('thead', {}, headRow),
        h('tbody', {}, ...rows),
        h('tfoot', {}, foot),
      ),
    ),
  );
  return true;
}

const HOT_KEYS: StringKey[] = [
  'anColCategory',
  'anColNeighbourhood',
  'anColCount',
  'anColFirst',
  'anColLast',
  'anColPoint',
];

export function drawHotspots(body: HTMLElement, rows: Hotspot[], hoodName: (id: number | null) => string): boolean {
  if (rows.length === 0) {
    replace(body);
    return false;
  }
  const lang = getLang();
  const point = (r: Hotspot) =>
    r.lat === null || r.lng === null
      ? '—'
      : [r.lat, r.lng]
          .map((x) => formatNumber(x, lang, { maximumFractionDigits: 4 }))
          .join(lang === 'fa' ? '، ' : ', ');
  const trs = rows.map((r) =>
    h(
      'tr',
      { testid: 'an-hotspot', attrs: { 'data-category-id': r.categoryId, 'data-count': r.count } },
      h('th', { attrs: { scope: 'row' } }, nameIn(r.labelFa, r.labelEn, lang)),
      h('td', {}, hoodName(r.neighbourhoodId)),
      h('td', { class: 'num' }, formatNumber(r.count, lang)),
      h('td', {}, h('bdi', { attrs: { dir: 'ltr' } }, formatJalaliDate(r.first, lang))),
      h('td', {}, h('bdi', { attrs: { dir: 'ltr' } }, formatJalaliDate(r.last, lang))),
      h('td', {}, h('bdi', { attrs: { dir: 'ltr' } }, point(r))),
    ),
  );
  replace(
    body,
    h(
      'div',
      { class: 'of-table-wrap an-table-wrap' },
      h(
        'table',
        { class: 'of-table an-table', testid: 'an-hotspots-table' },
        h('thead', {}, h('tr', {}, ...HOT_KEYS.map((k) => h('th', { i18n: k, attrs: { scope: 'col' } })))),
        h('tbody', {}, ...trs),
      ),
    ),
  );
  return true;
}
