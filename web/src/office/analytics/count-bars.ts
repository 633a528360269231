// Counts by the chosen dimension as bars: plain CSS bars rather than a chart library's, so the
// Persian names read right to left beside them and the numbers stay text (selectable, printable).
// Beside each bar the same range a year before; the period before is the line chart's (summed over
// a range's weeks it would be the range itself shifted by one week, which says little).
import { h, replace } from '../../lib/dom.ts';
import { getLang, t } from '../../i18n/i18n.ts';
import { formatNumber } from '../../lib/digits.ts';
import { nameIn } from '../format.ts';
import type { RequestCounts } from './analytics-types.ts';

interface Sum {
  key: string;
  labelFa: string;
  labelEn: string;
  count: number;
  lastYear: number;
}

/** The range's rows summed per dimension value, most first. */
export function sumByKey(data: RequestCounts): Sum[] {
  const by = new Map<string, Sum>();
  for (const r of data.rows) {
    const s = by.get(r.key) ?? {
      key: r.key,
      labelFa: r.labelFa,
      labelEn: r.labelEn,
      count: 0,
      lastYear: 0,
    };
    s.count += r.count;
    s.lastYear += r.lastYear;
    by.set(r.key, s);
  }
  return [...by.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** Draws the bars; false when there is nothing in the range. */
export function drawCountBars(body: HTMLElement, data: RequestCounts): boolean {
  const sums = sumByKey(data).filter((s) => s.count > 0 || s.lastYear > 0);
  if (sums.length === 0) {
    replace(body);
    return false;
  }
  const lang = getLang();
  const n = (x: number) => formatNumber(x, lang);
  const max = Math.max(1, ...sums.map((s) => Math.max(s.count, s.lastYear)));
  const pct = (x: number) => `${((x / max) * 100).toFixed(1)}%`;
  const rows = sums.map((s) => {
    const bar = h('span', { class: 'an-bar' });
    bar.style.inlineSize = pct(s.count);
    const ly = h('span', { class: 'an-bar-mark an-mark-ly', attrs: { title: t('anLastYear') } });
    ly.style.insetInlineStart = pct(s.lastYear);
    return h(
      'li',
      { class: 'an-bar-row', testid: 'an-bar', attrs: { 'data-key': s.key, 'data-count': s.count } },
      h('span', { class: 'an-bar-label' }, nameIn(s.labelFa, s.labelEn, lang)),
      h('span', { class: 'an-bar-track' }, bar, ly),
      h('span', { class: 'an-bar-value', testid: 'an-bar-value' }, n(s.count)),
      h('span', { class: 'an-bar-compare muted' }, `${t('anLastYear')}: ${n(s.lastYear)}`),
    );
  });
  const total = data.totals;
  replace(
    body,
    h('ul', { class: 'an-bars' }, ...rows),
    h(
      'p',
      { class: 'an-totals', testid: 'an-totals' },
      h('strong', {}, `${t('anTotal')}: ${n(total.count)}`),
      ` · ${t('anLastYear')}: ${n(total.lastYear)}`,
    ),
  );
  return true;
}
