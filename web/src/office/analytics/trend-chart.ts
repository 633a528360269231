// Requests per Jalali period as a line (uPlot, on a canvas), with the period before and the same
// period a year before alongside. The x axis is the periods' order, labelled with their Jalali
// names; time runs left to right in both languages (as Persian charts print it). The figures are
// also a small table under the chart, for screen readers and for paper.
import uPlot from 'uplot';
import { h, replace } from '../../lib/dom.ts';
import { getLang, t, type StringKey } from '../../i18n/i18n.ts';
import { formatNumber } from '../../lib/digits.ts';
import { nameIn } from '../format.ts';
import type { PeriodInfo, RequestCounts } from './analytics-types.ts';

interface Point {
  info: PeriodInfo;
  count: number;
  previous: number;
  lastYear: number;
}

const SERIES: Array<{ key: 'count' | 'previous' | 'lastYear'; label: StringKey; stroke: string; dash?: number[] }> = [
  { key: 'count', label: 'anThis', stroke: '#1f5fa8' },
  { key: 'previous', label: 'anPrevious', stroke: '#d9822b', dash: [6, 4] },
  { key: 'lastYear', label: 'anLastYear', stroke: '#7a8699', dash: [2, 4] },
];

/** One point per period of the range (the server lists them all, also the empty ones). */
export function pointsOf(data: RequestCounts): Point[] {
  const infos = new Map<string, PeriodInfo>();
  for (const p of data.periods ?? []) infos.set(p.period, p);
  for (const r of data.rows) if (!infos.has(r.period)) infos.set(r.period, r);
  const points = new Map<string, Point>();
  for (const info of [...infos.values()].sort((a, b) => a.periodStart.localeCompare(b.periodStart)))
    points.set(info.period, { info, count: 0, previous: 0, lastYear: 0 });
  for (const r of data.rows) {
    const p = points.get(r.period)!;
    p.count += r.count;
    p.previous += r.previous;
    p.lastYear += r.lastYear;
  }
  return [...points.values()];
}

/** The tick's words: "هفتهٔ ۳ مهر ۱۴۰۴" says less on an axis as "۳ مهر ۱۴۰۴". */
const tickLabel = (p: PeriodInfo) =>
  nameIn(p.periodLabelFa.replace(/^هفتهٔ\s*/, ''), p.periodLabelEn.replace(/^Week of\s*/, ''));

function chartOptions(points: Point[], width: number): uPlot.Options {
  const lang = getLang();
  const font = '12px Vazirmatn, sans-serif';
  return {
    width,
    height: 260,
    legend: { show: false },
    // Room at the end for the last period's words, centred under its tick.
    padding: [8, 48, 0, 8],
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false } },
    axes: [
      {
        font,
        values: (_u, splits) => splits.map((i) => (Number.isInteger(i) && points[i] ? tickLabel(points[i].info) : '')),
      },
      { font, size: 56, values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? formatNumber(v, lang) : '')) },
    ],
    series: [
      {},
      ...SERIES.map((s) => ({ label: t(s.label), stroke: s.stroke, width: 2, dash: s.dash, points: { size: 5 } })),
    ],
  };
}

function figuresTable(points: Point[]): HTMLElement {
  const n = (x: number) => formatNumber(x, getLang());
  return h(
    'table',
    { class: 'of-table an-table an-trend-table', testid: 'an-trend-table' },
    h('thead', {}, h('tr', {}, h('th', { i18n: 'anPeriod' }), ...SERIES.map((s) => h('th', { i18n: s.label })))),
    h(
      'tbody',
      {},
      ...points.map((p) =>
        h(
          'tr',
          { attrs: { 'data-period': p.info.period } },
          h('th', { attrs: { scope: 'row' } }, nameIn(p.info.periodLabelFa, p.info.periodLabelEn)),
          ...SERIES.map((s) => h('td', { class: 'num' }, n(p[s.key]))),
        ),
      ),
    ),
  );
}

export interface TrendChart {
  /** Draws the line; false when the range has nothing. */
  draw: (body: HTMLElement, data: RequestCounts) => boolean;
  dispose: () => void;
}

export function buildTrendChart(): TrendChart {
  let plot: uPlot | null = null;
  const dispose = () => {
    plot?.destroy();
    plot = null;
  };
  const draw = (body: HTMLElement, data: RequestCounts): boolean => {
    dispose();
    const points = pointsOf(data);
    if (points.length === 0 || points.every((p) => !p.count && !p.previous && !p.lastYear)) {
      replace(body);
      return false;
    }
    const canvasBox = h('div', {
      class: 'an-chart',
      testid: 'an-trend-chart',
      // Time runs left to right in both languages; the canvas' own direction only shapes the tick
      // words, which read right to left in Persian ("۲ آبان ۱۴۰۵", not "آبان ۱۴۰۵ ۲").
      attrs: { dir: getLang() === 'fa' ? 'rtl' : 'ltr', role: 'img', 'aria-label': t('anChartLabel') },
    });
    const legend = h(
      'ul',
      { class: 'an-legend' },
      ...SERIES.map((s) => {
        const swatch = h('span', { class: `an-swatch an-swatch-${s.key}` });
        return h('li', {}, swatch, t(s.label));
      }),
    );
    const table = h('details', { class: 'an-figures' }, h('summary', { i18n: 'anFiguresTable' }), figuresTable(points));
    replace(body, legend, canvasBox, table);
    const width = Math.max(320, Math.min(body.clientWidth || 900, 1400) - 8);
    const xs = points.map((_, i) => i);
    const ys = SERIES.map((s) => points.map((p) => p[s.key]));
    plot = new uPlot(chartOptions(points, width), [xs, ...ys], canvasBox);
    return true;
  };
  return { draw, dispose };
}
