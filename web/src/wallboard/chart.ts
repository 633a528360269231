// The shift's calls per 15 minutes (offered, answered, abandoned) with the service level of each
// interval over them: a small hand-drawn SVG, no chart library (the centre may have no internet,
// and nothing here needs more). Time runs left to right in both languages, as on a clock face.
import { h, replace } from '../lib/dom.ts';
import { t, d, getLang } from '../i18n/i18n.ts';
import { formatTime } from '../lib/jalali.ts';
import type { Series, WallboardSnapshot } from './types.ts';

const NS = 'http://www.w3.org/2000/svg';
const W = 480;
const H = 170;
const M = { left: 26, right: 34, top: 10, bottom: 22 };
/** The service-level goal drawn across the chart (the usual 80/20 of call centres). */
export const SL_TARGET = 0.8;

function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A top for the count axis whose quarters are round: 4, 8, 20, 40, 80, 200 … */
export function niceMax(n: number): number {
  const quarter = Math.max(1, n / 4);
  const p = 10 ** Math.floor(Math.log10(quarter));
  for (const m of [1, 2, 5, 10]) if (m * p >= quarter) return 4 * m * p;
  return 40 * p;
}

/** Per-interval service level (answered within T ÷ offered, as the KPI tiles), null where nothing was offered. */
export function intervalSl(p: Series['points'][number]): number | null {
  return p.offered > 0 ? p.answeredInSl / p.offered : null;
}

function draw(series: Series, lang: 'fa' | 'en'): SVGSVGElement {
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'wb-chart-svg', role: 'img', direction: 'ltr' });
  const from = Date.parse(series.from);
  const step = series.bucketMinutes * 60_000;
  const n = Math.max(1, Math.round((Date.parse(series.to) - from) / step));
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const bw = pw / n;
  const top = niceMax(Math.max(0, ...series.points.map((p) => p.offered)));
  const y = (v: number) => M.top + ph - (v / top) * ph;
  const ySl = (r: number) => M.top + ph - r * ph;

  for (let i = 0; i <= 4; i++) {
    const v = (top / 4) * i;
    svg.append(s('line', { x1: M.left, x2: W - M.right, y1: y(v), y2: y(v), class: 'wb-grid' }));
    svg.append(s('text', { x: M.left - 5, y: y(v) + 4, 'text-anchor': 'end', class: 'wb-axis' }, d(Math.round(v))));
    svg.append(
      s(
        'text',
        { x: W - M.right + 5, y: ySl(i / 4) + 4, class: 'wb-axis' },
        `${d(i * 25)}${lang === 'fa' ? '٪' : '%'}`,
      ),
    );
  }
  for (const p of series.points) {
    const i = Math.round((Date.parse(p.at) - from) / step);
    if (i < 0 || i >= n) continue;
    const x0 = M.left + i * bw + bw * 0.1;
    const w = (bw * 0.8) / 3;
    (
      [
        ['offered', p.offered],
        ['answered', p.answered],
        ['abandoned', p.abandoned],
      ] as const
    ).forEach(([cls, v], k) => {
      if (v > 0)
        svg.append(
          s('rect', {
            x: x0 + k * w,
            y: y(v),
            width: Math.max(1, w - 0.5),
            height: y(0) - y(v),
            class: `wb-bar wb-bar-${cls}`,
          }),
        );
    });
  }
  // The hour marks under the axis, in Tehran time.
  for (let i = 0; i <= n; i += Math.max(1, Math.round(60 / series.bucketMinutes))) {
    const x = M.left + i * bw;
    svg.append(s('line', { x1: x, x2: x, y1: M.top + ph, y2: M.top + ph + 4, class: 'wb-tick' }));
    svg.append(
      s(
        'text',
        { x, y: H - 6, 'text-anchor': 'middle', class: 'wb-axis' },
        formatTime(new Date(from + i * step).toISOString(), lang),
      ),
    );
  }
  svg.append(s('line', { x1: M.left, x2: W - M.right, y1: ySl(SL_TARGET), y2: ySl(SL_TARGET), class: 'wb-target' }));
  let path = '';
  let pen = false;
  for (let i = 0; i < n; i++) {
    const p = series.points.find((x) => Math.round((Date.parse(x.at) - from) / step) === i);
    const r = p ? intervalSl(p) : null;
    if (r === null) {
      pen = false;
      continue;
    }
    const x = M.left + (i + 0.5) * bw;
    path += `${pen ? 'L' : 'M'}${x.toFixed(1)},${ySl(r).toFixed(1)}`;
    pen = true;
    svg.append(s('circle', { cx: x, cy: ySl(r), r: 2.6, class: 'wb-sl-dot' }));
  }
  if (path) svg.append(s('path', { d: path, class: 'wb-sl-line' }));
  svg.setAttribute('aria-label', t('wbChartTitle'));
  return svg;
}

export function buildChart(): { el: HTMLElement; render: (p: WallboardSnapshot) => void } {
  const area = h('div', { class: 'wb-chart-area', testid: 'wb-chart' });
  const key = (cls: string, label: Parameters<typeof t>[0], params?: Record<string, string>) =>
    h('span', { class: `wb-key wb-key-${cls}` }, t(label, params));
  const legend = h('div', { class: 'wb-legend' });
  const el = h(
    'section',
    { class: 'wb-panel wb-chart', attrs: { 'aria-labelledby': 'wb-chart-title' } },
    h('h2', { id: 'wb-chart-title', i18n: 'wbChartTitle' }),
    area,
    legend,
  );
  let last = '';
  return {
    el,
    render(p) {
      const lang = getLang();
      const series = p.series;
      const sig = `${lang}|${JSON.stringify(series)}`;
      if (sig === last) return;
      last = sig;
      replace(
        legend,
        key('offered', 'wbOffered'),
        key('answered', 'wbAnswered'),
        key('abandoned', 'wbAbandoned'),
        key('sl', 'wbChartSl'),
        key('target', 'wbChartTarget', { p: `${d(SL_TARGET * 100)}${lang === 'fa' ? '٪' : '%'}` }),
      );
      if (!series) return replace(area);
      const offered = series.points.reduce((a, x) => a + x.offered, 0);
      replace(
        area,
        draw(series, lang),
        offered === 0 ? h('p', { class: 'wb-chart-empty muted', i18n: 'wbChartEmpty' }) : null,
      );
    },
  };
}
